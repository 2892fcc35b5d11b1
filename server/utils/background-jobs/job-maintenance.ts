// Housekeeping outside any request: ending jobs a dead process left unfinished, and deleting finished
// jobs past their retention on an unref'd timer. It never touches a job this process is running.
import type { Store } from './providers/store'
import { INTERRUPTED_MESSAGE } from './job-runner'

/** Ends every job a previous process left queued or streaming, with the "interrupted" reason. Returns how many. */
export async function failInterruptedJobs(store: Store): Promise<number> {
  const orphans = await store.systemListUnfinishedJobs()
  for (const job of orphans) {
    await store.finishJob(job.userId, job.id, { status: 'error', error: INTERRUPTED_MESSAGE, lastSeq: job.lastSeq + 1 })
  }
  return orphans.length
}

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
