// Which jobs this process holds live state for, and one shared keep-alive timer for all their viewers.
// Entries are released as soon as a job is finished and unwatched; nothing here outlives a job.
import type { Job } from '#shared/types/job'
import { LiveJob, type LiveJobOptions } from './live-job'
import { PING_FRAME } from '../sse/sse-frames'

export type LiveJobRegistryOptions = Omit<LiveJobOptions, 'onIdle'> & { pingIntervalMs: number }

export class LiveJobRegistry {
  private readonly jobs = new Map<string, LiveJob>()
  private pingTimer: ReturnType<typeof setInterval> | null = null

  constructor(private readonly options: LiveJobRegistryOptions) {}

  /**
   * Creates the live state of a job (or returns the existing one). `startSeq` defaults to the stored
   * lastSeq; `seqFloor` keeps a follower's numbering above the owner's.
   */
  open(job: Job, numbering: { startSeq?: number; seqFloor?: () => number } = {}): LiveJob {
    const existing = this.jobs.get(job.id)
    // This process now runs a job it was following: the follower's viewers reconnect to the real thing.
    if (existing?.isFollower && !numbering.seqFloor) this.release(job.id)
    else if (existing) return existing
    const live = new LiveJob(job, { ...this.options, ...numbering, onIdle: idle => this.release(idle.jobId) })
    this.jobs.set(job.id, live)
    this.startPinging()
    return live
  }

  get(jobId: string): LiveJob | undefined {
    return this.jobs.get(jobId)
  }

  /** Releases a finished job at once if no one watches it (otherwise the last viewer leaving does). */
  releaseIfIdle(jobId: string): void {
    const live = this.jobs.get(jobId)
    if (live && live.isTerminal && live.viewers.size === 0) this.release(jobId)
  }

  /** Live entries (for leak tests and metrics). */
  get size(): number {
    return this.jobs.size
  }

  /** Viewers across all jobs (for metrics). */
  get viewerCount(): number {
    let count = 0
    for (const live of this.jobs.values()) count += live.viewers.size
    return count
  }

  get hasPingTimer(): boolean {
    return this.pingTimer !== null
  }

  /** Ends every viewer and drops all state (shutdown). */
  closeAll(): void {
    for (const live of this.jobs.values()) live.dispose()
    this.jobs.clear()
    this.stopPinging()
  }

  /** Drops a job's live state now (its viewers are ended and reconnect). */
  release(jobId: string): void {
    const live = this.jobs.get(jobId)
    if (!live) return
    live.dispose()
    this.jobs.delete(jobId)
    if (this.jobs.size === 0) this.stopPinging()
  }

  private startPinging(): void {
    if (this.pingTimer !== null) return
    this.pingTimer = setInterval(() => {
      for (const live of this.jobs.values()) {
        for (const viewer of live.viewers) viewer.send(PING_FRAME)
      }
    }, this.options.pingIntervalMs)
    this.pingTimer.unref()
  }

  private stopPinging(): void {
    if (this.pingTimer === null) return
    clearInterval(this.pingTimer)
    this.pingTimer = null
  }
}
