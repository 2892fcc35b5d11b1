// Admission and lifetime of background jobs in this process: root jobs under global and per-user
// concurrency limits with a FIFO queue, child jobs (a job tree) in their own pool so a parent waiting
// on its children can never starve them of the slot it holds; a lease per held job renewed by one
// heartbeat that also picks up stop requests made on other instances; one AbortController per job; the
// job timeout, user stops (cascading to the job's descendants) and shutdown. What a job does is the
// `work` function's (job-execution.ts); picking up jobs other processes left behind is job-recovery's.
import type { Job, JobKind } from '#shared/types/job'
import { LeaseLostError, type Store } from '../store/ports'
import type { LiveJob } from './events/live-job'
import type { LiveJobRegistry } from './events/live-job-registry'
import { finishLiveJob } from './job-finisher'
import { stopDescendants } from './job-tree'
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
  /** Root jobs (no parent) running at once in this process. */
  maxConcurrent: number
  maxConcurrentPerUser: number
  /** Child jobs running at once in this process (default: maxConcurrent); they ignore the per-user limit. */
  maxConcurrentChildren?: number
  jobTimeoutMs: number
  /** This process's lease owner id. */
  instanceId: string
  /** How long a lease lasts without a heartbeat. */
  leaseMs: number
  /** How often the heartbeat renews leases and looks for stop requests (default min(1000, leaseMs / 3)). */
  heartbeatMs?: number
  /** Extra limits of a kind in this process (e.g. sub-agents: 2 at once, 1 per user), on top of the pools. */
  kindConcurrency?: (kind: JobKind) => { max: number; perUser: number } | undefined
  onUnexpectedError?: (job: Job, error: unknown) => void
  onLeaseLost?: (jobId: string) => void
}

interface RunningJob {
  controller: AbortController
  job: Job
  done: Promise<void>
}

const USER_STOP = 'Stopped by the user.'

export class JobRunner {
  private readonly queue: Job[] = []
  private readonly running = new Map<string, RunningJob>()
  private readonly runningPerUser = new Map<string, number>()
  private runningChildren = 0
  /** Running jobs per `kind` and per `kind:user`, for kinds with their own limits. */
  private readonly runningByKind = new Map<string, number>()
  private heartbeat: ReturnType<typeof setInterval> | null = null
  private renewing = false
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
    // Submitted twice here (a recovery pass and the request that created it both claimed it): it runs once.
    if (this.holds(held.id)) return true
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

  /** Stops a job of this user held here and its descendants (wherever they run). False when not held here. */
  async abort(userId: string, jobId: string): Promise<boolean> {
    const held = this.queue.find(job => job.id === jobId) ?? this.running.get(jobId)?.job
    if (held?.userId !== userId) return false
    // The job and its descendants stop together: a parent waiting on its children must not wait for them first.
    const [stopped] = await Promise.all([this.abortHeld(userId, jobId), stopDescendants(this.options.store, this, userId, jobId)])
    return stopped
  }

  /** Stops a queued or running job of this user held here, without walking its children. */
  async abortHeld(userId: string, jobId: string): Promise<boolean> {
    const queuedIndex = this.queue.findIndex(job => job.id === jobId && job.userId === userId)
    if (queuedIndex !== -1) {
      const [job] = this.queue.splice(queuedIndex, 1)
      const live = this.options.registry.get(job!.id)
      if (live) await finishLiveJob(this.options.store, live, { status: 'aborted' }, this.fence).catch(() => undefined)
      this.options.registry.releaseIfIdle(jobId)
      this.drain()
      return true
    }
    const running = this.running.get(jobId)
    if (!running || running.job.userId !== userId) return false
    running.controller.abort(new JobStopReason('user', USER_STOP))
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

  private get fence() {
    return { owner: this.options.instanceId }
  }

  private drain(): void {
    const maxChildren = this.options.maxConcurrentChildren ?? this.options.maxConcurrent
    for (let index = 0; index < this.queue.length;) {
      const job = this.queue[index]!
      const admitted = (job.parentJobId
        ? this.runningChildren < maxChildren
        : this.running.size - this.runningChildren < this.options.maxConcurrent
          && (this.runningPerUser.get(job.userId) ?? 0) < this.options.maxConcurrentPerUser)
        && this.kindAdmits(job)
      if (!admitted) {
        index += 1
        continue
      }
      this.queue.splice(index, 1)
      this.start(job)
    }
    if (this.queue.length === 0 && this.running.size === 0) this.stopHeartbeat()
  }

  private kindAdmits(job: Job): boolean {
    const limits = this.options.kindConcurrency?.(job.kind)
    if (!limits) return true
    return (this.runningByKind.get(job.kind) ?? 0) < limits.max
      && (this.runningByKind.get(`${job.kind}:${job.userId}`) ?? 0) < limits.perUser
  }

  private countKind(job: Job, delta: number): void {
    if (!this.options.kindConcurrency?.(job.kind)) return
    for (const key of [job.kind, `${job.kind}:${job.userId}`]) {
      const next = (this.runningByKind.get(key) ?? 0) + delta
      if (next <= 0) this.runningByKind.delete(key)
      else this.runningByKind.set(key, next)
    }
  }

  private start(job: Job): void {
    const live = this.options.registry.open(job)
    const controller = new AbortController()
    const timer = setTimeout(() => {
      controller.abort(new JobStopReason('timeout', `The job ran longer than ${Math.round(this.options.jobTimeoutMs / 1000)} s and was stopped.`))
    }, this.options.jobTimeoutMs)
    timer.unref()
    if (job.parentJobId) this.runningChildren += 1
    else this.runningPerUser.set(job.userId, (this.runningPerUser.get(job.userId) ?? 0) + 1)
    this.countKind(job, 1)
    const done = this.runSafely({ job, live, signal: controller.signal }).finally(() => {
      clearTimeout(timer)
      this.running.delete(job.id)
      this.countKind(job, -1)
      if (job.parentJobId) {
        this.runningChildren -= 1
      } else {
        const left = (this.runningPerUser.get(job.userId) ?? 1) - 1
        if (left === 0) this.runningPerUser.delete(job.userId)
        else this.runningPerUser.set(job.userId, left)
      }
      this.options.registry.releaseIfIdle(job.id)
      if (this.accepting) this.drain()
    })
    this.running.set(job.id, { controller, done, job })
  }

  /** Runs the work; whatever it throws, the job ends in a terminal state (or is paused for a resume). */
  private async runSafely(context: JobRunContext): Promise<void> {
    let leaseLost = false
    try {
      await this.options.work(context)
    } catch (error) {
      if (error instanceof LeaseLostError) {
        leaseLost = true
      } else {
        this.options.onUnexpectedError?.(context.job, error)
        await finishLiveJob(this.options.store, context.live, {
          status: 'error',
          error: 'The job failed unexpectedly on the server. Retry it; if it happens again, check the server log.',
        }, this.fence).catch(() => undefined)
      }
    } finally {
      const stop = stopReasonOf(context.signal)
      if (stop?.kind === 'shutdown') {
        await this.options.store.releaseJobLease(context.job.id, this.options.instanceId).catch(() => undefined)
        this.options.registry.release(context.job.id)
      } else if (leaseLost || stop?.kind === 'lease_lost') {
        if (leaseLost) this.options.onLeaseLost?.(context.job.id)
        this.options.registry.release(context.job.id)
      } else if (!context.live.isTerminal) {
        await finishLiveJob(this.options.store, context.live, { status: 'error', error: 'The job ended without a result.' }, this.fence)
          .catch(() => undefined)
      }
    }
  }

  /** One interval renews the leases of every job held here and applies stop requests from other instances. */
  private startHeartbeat(): void {
    if (this.heartbeat !== null) return
    const interval = this.options.heartbeatMs ?? Math.min(1000, Math.floor(this.options.leaseMs / 3))
    this.heartbeat = setInterval(() => void this.beat(), Math.max(20, interval))
    this.heartbeat.unref()
  }

  private stopHeartbeat(): void {
    if (this.heartbeat === null) return
    clearInterval(this.heartbeat)
    this.heartbeat = null
  }

  private async beat(): Promise<void> {
    if (this.renewing) return
    this.renewing = true
    try {
      const held = [...this.running.keys(), ...this.queue.map(job => job.id)]
      if (held.length === 0) return
      const renewal = await this.options.store.renewJobLeases(this.options.instanceId, held, Date.now() + this.options.leaseMs)
      for (const jobId of renewal.lost) this.dropLost(jobId)
      for (const jobId of renewal.abortRequested) {
        const job = this.running.get(jobId)?.job ?? this.queue.find(queued => queued.id === jobId)
        // Not awaited: a stopping job must not hold up the next beat of the others.
        if (job) void this.abort(job.userId, jobId).catch(() => undefined)
      }
    } catch {
      // A failed beat is retried on the next one; the lease outlasts several beats.
    } finally {
      this.renewing = false
    }
  }

  private dropLost(jobId: string): void {
    this.options.onLeaseLost?.(jobId)
    const queuedIndex = this.queue.findIndex(job => job.id === jobId)
    if (queuedIndex !== -1) {
      this.queue.splice(queuedIndex, 1)
      this.options.registry.release(jobId)
    }
    this.running.get(jobId)?.controller.abort(new JobStopReason('lease_lost', 'Another server instance took over this job.'))
  }
}
