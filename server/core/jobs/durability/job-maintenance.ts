// Housekeeping outside any request: deleting finished jobs past their retention, traces past theirs
// and cached workflow results past theirs, on an unref'd timer. It never touches an unfinished job
// (recovery handles those).
import type { Store } from '../../store/ports'

export interface RetentionCleanupOptions {
  retentionMs: number
  traceRetentionMs?: number
  workflowResultRetentionMs?: number
  intervalMs: number
  onError?: (error: unknown) => void
}

/**
 * Deletes finished jobs older than `retentionMs` (their traces with them), traces older than
 * `traceRetentionMs` and workflow results stored before `workflowResultRetentionMs` ago, every
 * `intervalMs`. Returns the stop function.
 */
export function startRetentionCleanup(store: Store, options: RetentionCleanupOptions): () => void {
  const timer = setInterval(() => {
    const now = Date.now()
    store.systemDeleteFinishedJobs(now - options.retentionMs).catch(error => options.onError?.(error))
    if (options.traceRetentionMs !== undefined) {
      store.systemDeleteTracesBefore(now - options.traceRetentionMs).catch(error => options.onError?.(error))
    }
    if (options.workflowResultRetentionMs !== undefined) {
      store.systemDeleteWorkflowResultsBefore(now - options.workflowResultRetentionMs).catch(error => options.onError?.(error))
    }
  }, options.intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
