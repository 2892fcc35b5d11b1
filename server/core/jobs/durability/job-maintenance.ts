// Housekeeping outside any request: deleting finished jobs past their retention on an unref'd timer.
// It never touches an unfinished job (recovery handles those).
import type { Store } from '../../store/ports'

/** Deletes finished jobs older than `retentionMs` every `intervalMs`. Returns the stop function. */
export function startRetentionCleanup(
  store: Store,
  options: { retentionMs: number; intervalMs: number; onError?: (error: unknown) => void },
): () => void {
  const timer = setInterval(() => {
    store.systemDeleteFinishedJobs(Date.now() - options.retentionMs).catch(error => options.onError?.(error))
  }, options.intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
