// Admission and lifetime of background jobs in this process: global and per-user concurrency limits
// with a FIFO queue, one AbortController per job, the job timeout, abort and shutdown. What a job does
// is the `work` function's business; the runner only starts, stops and counts.
import type { Job } from '#shared/types/job'
import type { LiveJob } from './live-job'
import type { LiveJobRegistry } from './live-job-registry'
import type { Store } from './providers/store'
import { finishLiveJob } from './job-finisher'
import { JobStopReason } from './stop-reason'

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
  onUnexpectedError?: (job: Job, error: unknown) => void
}

interface RunningJob {
  controller: AbortController
  timer: ReturnType<typeof setTimeout>
  done: Promise<void>
}

export class JobRunner {
  private readonly queue: Job[] = []
  private readonly running = new Map<string, RunningJob & { userId: string }>()
  private readonly runningPerUser = new Map<string, number>()
  private accepting = true

  constructor(private readonly options: JobRunnerOptions) {}

  /** Takes a freshly created (queued) job: starts it now or queues it behind the limits. */
  submit(job: Job): void {
    if (!this.accepting) throw new Error('The server is shutting down and accepts no new jobs.')
    this.options.registry.open(job)
    this.queue.push(job)
    this.drain()
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

  /** Stops accepting jobs, stops the running ones and waits for them to record their end. */
  async shutdown(): Promise<void> {
    this.accepting = false
    const queued = this.queue.splice(0)
    for (const job of queued) {
      const live = this.options.registry.get(job.id)
      if (live) await finishLiveJob(this.options.store, live, { status: 'error', error: INTERRUPTED_MESSAGE })
    }
    const stopping = [...this.running.values()].map((running) => {
      running.controller.abort(new JobStopReason('shutdown', INTERRUPTED_MESSAGE))
      return running.done
    })
    await Promise.allSettled(stopping)
  }

  /** Counts for the status endpoint, metrics and leak tests. */
  get stats(): { running: number; queued: number; usersWithRunningJobs: number } {
    return { running: this.running.size, queued: this.queue.length, usersWithRunningJobs: this.runningPerUser.size }
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
      this.drain()
    })
    this.running.set(job.id, { controller, timer, done, userId: job.userId })
  }

  /** Runs the work; whatever it throws, the job ends in a terminal state. */
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
      if (!context.live.isTerminal) {
        await finishLiveJob(this.options.store, context.live, { status: 'error', error: 'The job ended without a result.' })
          .catch(() => undefined)
      }
    }
  }
}

/** What the user reads on a job the server stopped because it was shutting down or died. */
export const INTERRUPTED_MESSAGE = 'interrupted: the server restarted while this answer was being written. Retry to run it again.'
