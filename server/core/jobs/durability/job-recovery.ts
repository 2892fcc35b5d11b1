// Picks up jobs whose process died or stopped: on start-up and periodically, claims every unfinished
// job whose lease expired (a job nobody ever claimed: once leaseMs passed since its creation) and resumes
// it from its last checkpoint (completed tool calls are not run again; the interrupted round is
// re-requested and its partial text replaced by a snapshot), or ends it `error` with reason
// "interrupted" when it cannot be resumed. Running jobs is the runner's business.
import type { Job } from '#shared/types/job'
import type { Logger } from '../../observability/logger'
import { SEQ_EPOCH_GAP } from '../events/event-log'
import type { JobRunner } from '../runner'
import { snapshotOf } from '../events/live-job'
import type { LiveJobRegistry } from '../events/live-job-registry'
import type { Store } from '../../store/ports'
import { awaitsFirstClaim } from '../../../../shared/rules/job-recovery-rules'

export interface JobRecoveryOptions {
  store: Store
  runner: JobRunner
  registry: LiveJobRegistry
  leaseMs: number
  /** A job started more often than this is not resumed again. */
  maxAttempts: number
  logger: Logger
}

/** What the user reads on a job that was interrupted and cannot be resumed. */
export const interruptedMessage = (reason: string): string =>
  `interrupted: ${reason}. Retry to run it again.`

/** One recovery pass. Returns how many jobs were resumed, restarted from the queue and failed. */
export async function recoverJobs(options: JobRecoveryOptions): Promise<{ resumed: number; requeued: number; failed: number }> {
  const { store, runner, registry, logger } = options
  const counts = { resumed: 0, requeued: 0, failed: 0 }
  for (const candidate of await store.systemListClaimableJobs(Date.now())) {
    if (!runner.isAccepting) break
    if (runner.holds(candidate.id)) continue
    const now = Date.now()
    if (awaitsFirstClaim(candidate, now, options.leaseMs)) continue
    const claimed = await store.claimJobLease(candidate.id, runner.instanceId, now + options.leaseMs, now)
    if (!claimed) continue
    if (claimed.abortRequestedAt !== null) {
      // Stopped while its owner was going down: honour the stop instead of resuming.
      await store.finishJob(claimed.userId, claimed.id, { status: 'aborted', lastSeq: claimed.lastSeq + SEQ_EPOCH_GAP }, { owner: runner.instanceId })
      counts.failed += 1
    } else if (claimed.attempts > options.maxAttempts) {
      await fail(store, claimed, `the server stopped ${options.maxAttempts} times while writing this answer`, runner.instanceId)
      counts.failed += 1
    } else if (claimed.status === 'queued') {
      await runner.submit(claimed, { claimed: true })
      counts.requeued += 1
    } else if (!claimed.checkpoint) {
      await fail(store, claimed, 'the server stopped before this answer saved a checkpoint', runner.instanceId)
      counts.failed += 1
    } else {
      const rewound = await store.rewindJobToCheckpoint(claimed.id, runner.instanceId)
      if (!rewound) continue
      // A follower of this job here has its own numbering; the resumed log starts above both.
      const follower = registry.get(rewound.id)
      const startSeq = Math.max(rewound.lastSeq, follower?.log.lastSeq ?? 0) + SEQ_EPOCH_GAP
      if (follower) registry.release(rewound.id)
      registry.open(rewound, { startSeq }).replaceState(snapshotOf(rewound))
      await runner.submit(rewound, { claimed: true })
      counts.resumed += 1
      logger.info('job resumed from checkpoint', { jobId: rewound.id, savedAt: rewound.checkpoint?.savedAt, attempt: rewound.attempts })
    }
  }
  return counts
}

async function fail(store: Store, job: Job, reason: string, owner: string): Promise<void> {
  await store.finishJob(job.userId, job.id, { status: 'error', error: interruptedMessage(reason), lastSeq: job.lastSeq + SEQ_EPOCH_GAP }, { owner })
}

/** Runs a pass now and then every `intervalMs` (unref'd). Returns the stop function. */
export function startJobRecovery(options: JobRecoveryOptions, intervalMs: number): () => void {
  let running = false
  const pass = () => {
    if (running) return
    running = true
    recoverJobs(options)
      .then(counts => (counts.resumed + counts.requeued + counts.failed > 0) && options.logger.warn('recovered interrupted jobs', counts))
      .catch(error => options.logger.error('job recovery failed', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => { running = false })
  }
  pass()
  const timer = setInterval(pass, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
