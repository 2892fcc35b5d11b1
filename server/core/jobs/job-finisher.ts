// The one terminal transition of a job: pending text out, the store updated, then the `status` event,
// then the live state released if no one watches. Used by the runner and every kind of job work.
import type { Store } from '../store/ports'
import type { LiveJob } from './events/live-job'

export interface FinishInput {
  status: 'complete' | 'error' | 'aborted'
  error?: string | null
}

/**
 * Ends the job once; later calls are ignored. The store is written before the status event goes out,
 * so a client that refetches on `status` already reads the final state.
 */
export async function finishLiveJob(store: Store, live: LiveJob, input: FinishInput): Promise<void> {
  if (live.isTerminal) return
  const statusSeq = live.flushPending()
  try {
    await store.finishJob(live.userId, live.jobId, { status: input.status, error: input.error ?? null, lastSeq: statusSeq })
  } finally {
    // Viewers learn the end even when the store write failed (start-up recovery fixes the row).
    if (!live.isTerminal) live.emit({ type: 'status', status: input.status, ...(input.error ? { error: input.error } : {}) })
  }
}
