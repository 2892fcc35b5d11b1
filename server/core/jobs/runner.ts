// Admission and lifetime of background jobs in this process: global and per-user concurrency limits
// with a FIFO queue, a lease per held job (renewed by one heartbeat), one AbortController per job, the
// job timeout, abort and shutdown. What a job does is the `work` function's business; picking up jobs
// other processes left behind is job-recovery's.
import type { Job } from '#shared/types/job'
import type { LiveJob } from './events/live-job'
import type { LiveJobRegistry } from './events/live-job-registry'
import type { Store } from '../store/ports'
import { finishLiveJob } from './job-finisher'
import { JobStopReason, stopReasonOf } from './stop-reason'

export interface JobRunContext {
  job: Job
  live: LiveJob
  signal: AbortSignal
}

export type JobWork = (context: JobRunContext) => Promise<void>

export interface JobRunnerOptions {
  store: Store
  registry: LiveJobRegistry
  work: JobWork
  maxConcurrent: number
  maxConcurrentPerUser: number
  jobTimeoutMs: number
  /** This process's lease owner id. */
  instanceId: string
  /** How long a lease lasts without a heartbeat. */
  leaseMs: number
  onUnexpectedError?: (job: Job, error: unknown) => void
  onLeaseLost?: (jobId: string) => void
}

interface RunningJob {
  controller: AbortController
  userId: string
  done: Promise<void>
}

export class JobRunner {
  private readonly queue: Job[] = []
  private readonly running = new Map<string, RunningJob>()
  private readonly runningPerUser = new Map<string, number>()
  private heartbeat: ReturnType<typeof setInterval> | null = null
  private accepting = true

  constructor(private readonly options: JobRunnerOptions) {}

  get instanceId(): string {
    return this.options.instanceId
  }

  get isAccepting(): boolean {
    return this.accepting
  }

  /**
   * Takes a job: claims its lease, then starts it now or queues it behind the limits. A job resumed from
   * a checkpoint comes here already claimed and rewound. False when another process holds the job.
   */
  async submit(job: Job, options: { claimed?: boolean } = {}): Promise<boolean> {
    if (!this.accepting) throw new Error('The server is shutting down and accepts no new jobs.')
    const now = Date.now()
    const held = options.claimed ? job : await this.options.store.claimJobLease(job.id, this.options.instanceId, now + this.options.leaseMs, now)
    if (!held) return false
    this.options.registry.open(held)
    this.queue.push(held)
    this.startHeartbeat()
    this.drain()
    return true
  }

  /** Whether this process holds the job (queued or running). */
  holds(jobId: string): boolean {
    return this.running.has(jobId) || this.queue.some(job => job.id === jobId)
  }

  /** Stops a queued or running job of this user. False when this process does not hold it. */
  async abort(userId: string, jobId: string): Promise<boolean> {
    const queuedIndex = this.queue.findIndex(job => job.id === jobId && job.userId === userId)
    if (queuedIndex !== -1) {
      const [job] = this.queue.splice(queuedIndex, 1)
      const live = this.options.registry.get(job!.id)
      if (live) await finishLiveJob(this.options.store, live, { status: 'aborted' })
      this.options.registry.releaseIfIdle(jobId)
      return true
    }
    const running = this.running.get(jobId)
    if (!running || running.userId !== userId) return false
    running.controller.abort(new JobStopReason('user', 'Stopped by the user.'))
    await running.done
    return true
  }

  /**
   * Graceful stop: accepts nothing more, pauses running jobs at their last checkpoint and releases every
   * lease, so a restarted or another instance resumes them at once. Nothing is marked failed.
   */
  async shutdown(): Promise<void> {
    this.accepting = false
    this.stopHeartbeat()
    const queued = this.queue.splice(0)
    const stopping = [...this.running.values()].map((running) => {
      running.controller.abort(new JobStopReason('shutdown', 'The server is restarting; this answer resumes shortly.'))
      return running.done
    })
    await Promise.allSettled(stopping)
    for (const job of queued) this.options.registry.release(job.id)
    await Promise.allSettled(queued.map(job => this.options.store.releaseJobLease(job.id, this.options.instanceId)))
  }

  /** Counts for the status endpoint, metrics and leak tests. */
  get stats(): { running: number; queued: number; usersWithRunningJobs: number } {
    return { running: this.running.size, queued: this.queue.length, usersWithRunningJobs: this.runningPerUser.size }
  }

  get hasHeartbeat(): boolean {
    return this.heartbeat !== null
  }

  private drain(): void {
    for (let index = 0; index < this.queue.length && this.running.size < this.options.maxConcurrent;) {
      const job = this.queue[index]!
      if ((this.runningPerUser.get(job.userId) ?? 0) >= this.options.maxConcurrentPerUser) {
        index += 1
        continue
      }
      this.queue.splice(index, 1)
      this.start(job)
    }
    if (this.queue.length === 0 && this.running.size === 0) this.stopHeartbeat()
  }

  private start(job: Job): void {
    const live = this.options.registry.open(job)
    const controller = new AbortController()
    const timer = setTimeout(() => {
      controller.abort(new JobStopReason('timeout', `The job ran longer than ${Math.round(this.options.jobTimeoutMs / 1000)} s and was stopped.`))
    }, this.options.jobTimeoutMs)
    timer.unref()
    this.runningPerUser.set(job.userId, (this.runningPerUser.get(job.userId) ?? 0) + 1)
    const done = this.runSafely({ job, live, signal: controller.signal }).finally(() => {
      clearTimeout(timer)
      this.running.delete(job.id)
      const left = (this.runningPerUser.get(job.userId) ?? 1) - 1
      if (left === 0) this.runningPerUser.delete(job.userId)
      else this.runningPerUser.set(job.userId, left)
      this.options.registry.releaseIfIdle(job.id)
      if (this.accepting) this.drain()
    })
    this.running.set(job.id, { controller, done, userId: job.userId })
  }

  /** Runs the work; whatever it throws, the job ends in a terminal state (or is paused for a resume). */
  private async runSafely(context: JobRunContext): Promise<void> {
    try {
      await this.options.work(context)
    } catch (error) {
      this.options.onUnexpectedError?.(context.job, error)
      await finishLiveJob(this.options.store, context.live, {
        status: 'error',
        error: 'The job failed unexpectedly on the server. Retry it; if it happens again, check the server log.',
      }).catch(() => undefined)
    } finally {
      const stop = stopReasonOf(context.signal)
      if (stop?.kind === 'shutdown') {
        await this.options.store.releaseJobLease(context.job.id, this.options.instanceId).catch(() => undefined)
        this.options.registry.release(context.job.id)
      } else if (stop?.kind === 'lease_lost') {
        this.options.registry.release(context.job.id)
      } else if (!context.live.isTerminal) {
        await finishLiveJob(this.options.store, context.live, { status: 'error', error: 'The job ended without a result.' })
          .catch(() => undefined)
      }
    }
  }

  /** One interval renews the leases of every job held here; a job whose lease was taken is stopped. */
  private startHeartbeat(): void {
    if (this.heartbeat !== null) return
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(this.options.leaseMs / 3)))
    this.heartbeat.unref()
  }

  private stopHeartbeat(): void {
    if (this.heartbeat === null) return
    clearInterval(this.heartbeat)
    this.heartbeat = null
  }

  private async renewLeases(): Promise<void> {
    const expiresAt = Date.now() + this.options.leaseMs
    const held = [...this.running.keys(), ...this.queue.map(job => job.id)]
    await Promise.all(held.map(async (jobId) => {
      const kept = await this.options.store.renewJobLease(jobId, this.options.instanceId, expiresAt).catch(() => true)
      if (kept) return
      this.options.onLeaseLost?.(jobId)
      const queuedIndex = this.queue.findIndex(job => job.id === jobId)
      if (queuedIndex !== -1) {
        this.queue.splice(queuedIndex, 1)
        this.options.registry.release(jobId)
      }
      this.running.get(jobId)?.controller.abort(new JobStopReason('lease_lost', 'Another server instance took over this job.'))
    }))
  }
}
