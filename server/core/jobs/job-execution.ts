// Runs one job of any kind on this instance: marks it streaming, opens its JobOutput, validates the
// checkpoint state with the kind's schema, calls the kind's `run`, and ends in exactly one outcome —
// complete, aborted (a user stop), error, or a pause (shutdown or a lost lease: nothing is written and
// the job resumes elsewhere). Admission, leases and the abort wiring are the runner's.
import { LeaseLostError, type Store } from '../store/ports'
import type { Logger } from '../observability/logger'
import { describeJobError } from './job-error-message'
import { finishLiveJob } from './job-finisher'
import { JobOutput } from './job-output'
import type { JobKindRegistry } from './kinds'
import type { JobRunContext, JobWork } from './runner'
import { stopReasonOf } from './stop-reason'

export interface JobExecutionDependencies {
  store: Store
  kinds: JobKindRegistry
  logger: Logger
  /** This instance's lease owner id (every write is fenced with it). */
  owner: string
  storeFlush: { intervalMs: number; maxChunks: number; maxBytes: number }
}

/** The runner's JobWork: dispatches on the job's kind. */
export function createJobExecutor(deps: JobExecutionDependencies): JobWork {
  return context => executeJob(deps, context)
}

async function executeJob(deps: JobExecutionDependencies, { job, live, signal }: JobRunContext): Promise<void> {
  const { store, logger } = deps
  const fence = { owner: deps.owner }
  const kind = deps.kinds.get(job.kind)
  if (!kind) {
    await finishLiveJob(store, live, { status: 'error', error: `This server cannot run jobs of kind '${job.kind}'.` }, fence)
    return
  }
  if (job.status === 'queued') {
    await store.markJobStreaming(job.userId, job.id, fence)
    live.emit({ type: 'status', status: 'streaming' })
  }
  const output = new JobOutput({ store, live, job, fence, storeFlush: deps.storeFlush })
  try {
    const resume = job.checkpoint ? kind.checkpointState.safeParse(job.checkpoint.state) : null
    if (resume && !resume.success) throw new UnreadableCheckpointError()
    await kind.run({ job, live, signal, output, resume: resume ? resume.data : null })
    await output.close()
    await finishLiveJob(store, live, { status: 'complete' }, fence)
  } catch (error) {
    const stop = stopReasonOf(signal)
    if (error instanceof LeaseLostError || stop?.kind === 'shutdown' || stop?.kind === 'lease_lost') {
      // Not an end: the job stays unfinished in the store and resumes from its last checkpoint.
      logger.info('job paused', { jobId: job.id, reason: stop?.kind ?? 'lease_lost' })
      if (error instanceof LeaseLostError) throw error
      return
    }
    // Whatever was produced before the fault or the stop is kept.
    await output.flushText().then(() => output.close()).catch(() => undefined)
    if (stop?.kind === 'user') {
      await output.settleUnfinishedToolCalls('stopped before it finished').catch(() => undefined)
      await finishLiveJob(store, live, { status: 'aborted' }, fence)
    } else {
      const message = error instanceof UnreadableCheckpointError ? error.message : describeJobError(error, stop)
      logger.warn('job failed', { jobId: job.id, kind: job.kind, error: message })
      await output.settleUnfinishedToolCalls('not finished: the job ended').catch(() => undefined)
      await finishLiveJob(store, live, { status: 'error', error: message }, fence)
    }
  } finally {
    output.dispose()
  }
  if (live.isTerminal && kind.finished) {
    await kind.finished(job, live.snapshot.status as 'complete' | 'error' | 'aborted')
      .catch(error => logger.error('job finish hook failed', { jobId: job.id, error: error instanceof Error ? error.message : String(error) }))
  }
}

class UnreadableCheckpointError extends Error {
  constructor() {
    super('interrupted: the saved progress of this job could not be read. Retry to run it again.')
    this.name = 'UnreadableCheckpointError'
  }
}
