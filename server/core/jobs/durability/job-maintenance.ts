// Housekeeping outside any request: deleting finished jobs past their retention, and traces past
// theirs, on an unref'd timer. It never touches an unfinished job (recovery handles those).
import type { Store } from '../../store/ports'

/**
 * Deletes finished jobs older than `retentionMs` (their traces with them) and traces older than
 * `traceRetentionMs` every `intervalMs`. Returns the stop function.
 */
export function startRetentionCleanup(
  store: Store,
  options: { retentionMs: number; traceRetentionMs?: number; intervalMs: number; onError?: (error: unknown) => void },
): () => void {
  const timer = setInterval(() => {
    store.systemDeleteFinishedJobs(Date.now() - options.retentionMs).catch(error => options.onError?.(error))
    if (options.traceRetentionMs !== undefined) {
      store.systemDeleteTracesBefore(Date.now() - options.traceRetentionMs).catch(error => options.onError?.(error))
    }
  }, options.intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
