// Where a chat turn's or a sub-agent's agent run starts: a fresh state over the history the kind builds,
// or the checkpointed state joined to that same history rebuilt (only additions are stored). A history
// that no longer matches the checkpoint's fingerprint fails the job instead of continuing another
// conversation. It does not build histories (each kind does) nor run anything.
import type { Job } from '#shared/types/job'
import { initialRunState, type AgentRunState } from '../agent/loop-state'
import { needsHistory, restoreRunState, type StoredRunState } from '../agent/run-checkpoint'
import { ReadableJobError } from '../jobs/job-error-message'
import type { LlmMessage } from '../llm/types'

/** The history a checkpoint was taken over is not the one rebuilt for its resume. */
export class HistoryChangedError extends ReadableJobError {
  constructor() {
    super('interrupted: the conversation changed while this answer was paused, so it cannot continue where it stopped. Retry to run it again.')
    this.name = 'HistoryChangedError'
  }
}

/** The state to run from; `buildHistory` is called for a fresh run and for a resume that needs it. */
export async function agentRunStart(job: Job, resume: StoredRunState | null, buildHistory: () => Promise<LlmMessage[]>): Promise<AgentRunState> {
  if (!resume || !job.checkpoint) return initialRunState(await buildHistory())
  const restored = restoreRunState(resume, needsHistory(resume) ? await buildHistory() : null)
  if (!restored) throw new HistoryChangedError()
  // The envelope's length is the stored text the resumed run continues after.
  return { ...restored, textLength: job.checkpoint.contentLength }
}
