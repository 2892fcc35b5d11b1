// Evaluates mathjs expressions one at a time, from a bounded queue, in one reusable child process with a small
// heap and a time limit, so exhausting memory kills only that child, never the server; a child that times out,
// crashes or misbehaves is killed and replaced on the next call. What mathjs may do is math-child-source's.
import { createRequire } from 'node:module'
import { MathChild } from './math-child-process'
import { runWithDeadline } from '../../execution/run-with-deadline'

/** Limits of the calculator. */
export interface MathEvaluatorOptions {
  /** Time one expression may take once the child is ready. Default 2000. */
  timeoutMs?: number
  /** Old-generation heap of the child, in MB. Default 64. */
  maxHeapMb?: number
  /** Time a child may take to start and load mathjs. Default 20 000. */
  startupTimeoutMs?: number
  /** Expressions that may wait behind the running one; more are refused at once. Default 2000 (each takes milliseconds; a burst of 1,000 jobs must not be refused). */
  maxQueueLength?: number
  /** Replaces the child's script (tests use stand-ins that misbehave). Default: the real calculator. */
  childSource?: string
}

interface PendingExpression {
  expression: string
  signal: AbortSignal
  resolve: (result: string) => void
  reject: (error: Error) => void
  /** Removes the listener that drops the expression from the queue when its signal aborts. */
  leaveQueue: () => void
}

/** Extra time the child gives itself beyond the parent's limit before it stops on its own. */
const SELF_LIMIT_MARGIN_MS = 1000

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the calculation was aborted')
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

/** A calculator backed by one child process; `close()` stops it. */
export class MathEvaluator {
  private readonly timeoutMs: number
  private readonly maxHeapMb: number
  private readonly startupTimeoutMs: number
  private readonly maxQueueLength: number
  private readonly childSource: string | undefined
  private readonly queue: PendingExpression[] = []
  private child: MathChild | undefined
  private draining = false

  constructor(options: MathEvaluatorOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2000
    this.maxHeapMb = options.maxHeapMb ?? 64
    this.startupTimeoutMs = options.startupTimeoutMs ?? 20_000
    this.maxQueueLength = options.maxQueueLength ?? 2000
    this.childSource = options.childSource
  }

  /** The process id of the current child, if one is running (for diagnostics and tests). */
  get childProcessId(): number | undefined {
    return this.child && !this.child.ended ? this.child.processId : undefined
  }

  /** Resolves with the formatted result; rejects with a readable error (syntax, disabled function, limits, abort, busy). */
  evaluate(expression: string, signal: AbortSignal = new AbortController().signal): Promise<string> {
    if (signal.aborted) return Promise.reject(abortError(signal))
    if (this.queue.length >= this.maxQueueLength) {
      return Promise.reject(new Error(`the calculator is busy (${this.queue.length} expressions are waiting); try again in a few seconds`))
    }
    return new Promise((resolve, reject) => {
      const onAbortWhileQueued = () => {
        const index = this.queue.indexOf(pending)
        if (index >= 0) this.queue.splice(index, 1)
        reject(abortError(signal))
      }
      const pending: PendingExpression = {
        expression, signal, resolve, reject,
        leaveQueue: () => signal.removeEventListener('abort', onAbortWhileQueued),
      }
      signal.addEventListener('abort', onAbortWhileQueued, { once: true })
      this.queue.push(pending)
      void this.drain()
    })
  }

  /** Kills the child and refuses the waiting expressions; a later `evaluate` starts a new child. */
  async close(): Promise<void> {
    const closed = new Error('the calculator was shut down; try again')
    for (const pending of this.queue.splice(0)) {
      pending.leaveQueue()
      pending.reject(closed)
    }
    const child = this.child
    this.child = undefined
    await child?.kill(closed)
  }

  private async drain(): Promise<void> {
    if (this.draining) return
    this.draining = true
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) await this.run(next)
    }
    finally {
      this.draining = false
    }
  }

  private async run(pending: PendingExpression): Promise<void> {
    pending.leaveQueue()
    const { signal } = pending
    if (signal.aborted) return pending.reject(abortError(signal))
    let child: MathChild
    try {
      child = this.currentChild()
    }
    catch (error) {
      return pending.reject(new Error(`the calculator could not start: ${toError(error).message}`))
    }
    // An abort while the child starts leaves it starting: the next expression will use it.
    const startup = await runWithDeadline(() => child.ready, { timeoutMs: this.startupTimeoutMs, signal })
    if (startup.kind === 'aborted') return pending.reject(abortError(signal))
    if (startup.kind !== 'fulfilled') {
      const reason = startup.kind === 'timeout' ? `it took longer than ${this.startupTimeoutMs} ms` : toError(startup.error).message
      const error = new Error(`the calculator could not start: ${reason}`)
      this.discard(child, error)
      return pending.reject(error)
    }
    const outcome = await runWithDeadline(() => child.evaluate(pending.expression), { timeoutMs: this.timeoutMs, signal })
    if (outcome.kind === 'fulfilled') {
      const answer = outcome.value
      return answer.ok ? pending.resolve(answer.result) : pending.reject(new Error(answer.error))
    }
    const error = outcome.kind === 'rejected'
      ? toError(outcome.error)
      : outcome.kind === 'aborted'
        ? abortError(signal)
        : new Error(`the expression took longer than ${this.timeoutMs} ms and was stopped; simplify it or use smaller numbers`)
    this.discard(child, error)
    pending.reject(error)
  }

  private discard(child: MathChild, reason: Error): void {
    if (this.child === child) this.child = undefined
    void child.kill(reason)
  }

  private currentChild(): MathChild {
    if (this.child && !this.child.ended) return this.child
    this.child = new MathChild({
      // Resolved from this file: in a build that is .output/server/node_modules (see modules/server-tools.ts).
      mathjsPath: createRequire(import.meta.url).resolve('mathjs'),
      maxHeapMb: this.maxHeapMb,
      selfLimitMs: this.timeoutMs + SELF_LIMIT_MARGIN_MS,
      source: this.childSource,
    })
    return this.child
  }
}
