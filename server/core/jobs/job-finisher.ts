// The one terminal transition of a job: pending text out, the store updated (fenced by the lease),
// then the `status` event, then the live state released if no one watches. Used by the runner and
// job execution; a job no process holds is finished by the store itself (requestJobAbort, recovery).
import { LeaseLostError, type LeaseFence, type Store } from '../store/ports'
import type { LiveJob } from './events/live-job'

export interface FinishInput {
  status: 'complete' | 'error' | 'aborted'
  error?: string | null
}

/**
 * Ends the job once; later calls are ignored. The store is written before the status event goes out,
 * so a client that refetches on `status` already reads the final state. When the store refuses the
 * write (the lease was lost), viewers hear nothing: the job goes on elsewhere.
 */
export async function finishLiveJob(store: Store, live: LiveJob, input: FinishInput, fence: LeaseFence): Promise<void> {
  if (live.isTerminal) return
  const statusSeq = live.flushPending()
  try {
    await store.finishJob(live.userId, live.jobId, { status: input.status, error: input.error ?? null, lastSeq: statusSeq }, fence)
  } catch (error) {
    if (error instanceof LeaseLostError) throw error
    // Viewers learn the end even when the store write failed (recovery settles the row).
    emitStatus(live, input)
    throw error
  }
  emitStatus(live, input)
}

function emitStatus(live: LiveJob, input: FinishInput): void {
  if (!live.isTerminal) live.emit({ type: 'status', status: input.status, ...(input.error ? { error: input.error } : {}) })
}
