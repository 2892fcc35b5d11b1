// Live viewing of a job another instance runs: one follower per job per instance watches the job's
// progress in the shared store (only what changed after its cursor — a Convex subscription, or a poll
// for SQLite and memory) and turns it into events on a live state whose numbering stays above the
// owner's (see SEQ_EPOCH_GAP); when the store cannot serve the cursor (a rewind), it reads the whole
// job once. It stops when the job ends, its last viewer leaves, or this instance takes the job over.
import type { Job } from '#shared/types/job'
import type { JobProgress } from '#shared/types/job-progress'
import { cursorAfterResync } from '#shared/rules/job-progress-rules'
import { SEQ_EPOCH_GAP } from '../events/event-log'
import type { LiveJob } from '../events/live-job'
import type { LiveJobRegistry } from '../events/live-job-registry'
import type { Store } from '../../store/ports'
import { FollowedJobState } from './followed-job-state'

export interface RemoteFollowOptions {
  store: Store
  registry: LiveJobRegistry
  /** How often a polling store is read, and how often the follower checks it still has viewers. */
  pollIntervalMs: number
}

const GONE = 'This job no longer exists.'

/** The live state following `job` (created, with its watch, on first use). */
export function followRemoteJob(options: RemoteFollowOptions, job: Job): LiveJob {
  const { store, registry } = options
  const existing = registry.get(job.id)
  if (existing) return existing
  const shown = new FollowedJobState(job)
  const live = registry.open(job, {
    startSeq: job.lastSeq + SEQ_EPOCH_GAP,
    seqFloor: () => shown.lastSeq + SEQ_EPOCH_GAP,
  })
  let stopWatch: () => void = () => {}
  const idleTimer = setInterval(() => checkViewers(), options.pollIntervalMs)
  idleTimer.unref()
  const stop = (): void => {
    stopWatch()
    clearInterval(idleTimer)
  }
  let idleChecks = 0
  const checkViewers = (): void => {
    if (registry.get(job.id) !== live || live.isTerminal) return stop()
    idleChecks = live.viewers.size === 0 ? idleChecks + 1 : 0
    if (idleChecks >= 2) {
      stop()
      registry.release(job.id)
    }
  }

  const onProgress = async (progress: JobProgress | null): Promise<number | void> => {
    if (registry.get(job.id) !== live) return stop()
    if (!progress) {
      live.emit({ type: 'status', status: 'error', error: GONE })
      return stop()
    }
    if (!progress.resync) {
      shown.applyProgress(live, progress)
      if (live.isTerminal) stop()
      return
    }
    const fresh = await store.getJob(job.userId, job.id)
    if (registry.get(job.id) !== live) return stop()
    if (!fresh) {
      live.emit({ type: 'status', status: 'error', error: GONE })
      return stop()
    }
    shown.applyJob(live, fresh)
    if (live.isTerminal) stop()
    return cursorAfterResync(fresh.lastSeq, progress.cursor)
  }

  stopWatch = store.watchJobProgress({
    userId: job.userId, jobId: job.id, afterSeq: job.lastSeq, pollIntervalMs: options.pollIntervalMs, onProgress,
    // A failed read is retried by the watch.
    onError: () => {},
  })
  return live
}
