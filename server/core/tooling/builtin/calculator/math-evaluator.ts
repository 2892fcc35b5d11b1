// Evaluates mathjs expressions from a bounded, per-user fair queue (round-robin between users, each user
// on at most poolSize - 1 children at once) in a small pool of reusable child processes with a small heap
// and a time limit, so exhausting memory kills only that child, never the server, and one user's slow
// expressions never hold every child; a child that times out, crashes or misbehaves is killed and replaced
// on the next call. What mathjs may do is math-child-source's.
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
  /** Child processes working at once. Default 1; with more, one user may use all but one of them. */
  poolSize?: number
}

interface PendingExpression {
  userId: string
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

/** One place in the pool: its child (started on first use) and whether it is computing. */
interface PoolSlot {
  child: MathChild | undefined
  busy: boolean
}

/** A calculator backed by a pool of child processes; `close()` stops them. */
export class MathEvaluator {
  private readonly timeoutMs: number
  private readonly maxHeapMb: number
  private readonly startupTimeoutMs: number
  private readonly maxQueueLength: number
  private readonly childSource: string | undefined
  private readonly maxPerUser: number
  private readonly slots: PoolSlot[]
  /** Waiting expressions per user; the user served longest ago (or never) goes next. */
  private readonly queues = new Map<string, PendingExpression[]>()
  private readonly lastServed = new Map<string, number>()
  private served = 0
  private readonly running = new Map<string, number>()
  private waiting = 0

  constructor(options: MathEvaluatorOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2000
    this.maxHeapMb = options.maxHeapMb ?? 64
    this.startupTimeoutMs = options.startupTimeoutMs ?? 20_000
    this.maxQueueLength = options.maxQueueLength ?? 2000
    this.childSource = options.childSource
    const poolSize = Math.max(1, options.poolSize ?? 1)
    this.maxPerUser = Math.max(1, poolSize - 1)
    this.slots = Array.from({ length: poolSize }, () => ({ child: undefined, busy: false }))
  }

  /** The process id of the first running child, if one is running (for diagnostics and tests). */
  get childProcessId(): number | undefined {
    const slot = this.slots.find(candidate => candidate.child && !candidate.child.ended)
    return slot?.child?.processId
  }

  /**
   * Resolves with the formatted result; rejects with a readable error (syntax, disabled function, limits, abort, busy).
   * `userId` picks the queue: users take turns, so one user's backlog never delays another's expression for long.
   */
  evaluate(expression: string, signal: AbortSignal = new AbortController().signal, userId = 'anonymous'): Promise<string> {
    if (signal.aborted) return Promise.reject(abortError(signal))
    if (this.waiting >= this.maxQueueLength) {
      return Promise.reject(new Error(`the calculator is busy (${this.waiting} expressions are waiting); try again in a few seconds`))
    }
    return new Promise((resolve, reject) => {
      const onAbortWhileQueued = () => {
        const queue = this.queues.get(userId) ?? []
        const index = queue.indexOf(pending)
        if (index >= 0) {
          queue.splice(index, 1)
          this.waiting -= 1
        }
        reject(abortError(signal))
      }
      const pending: PendingExpression = {
        userId, expression, signal, resolve, reject,
        leaveQueue: () => signal.removeEventListener('abort', onAbortWhileQueued),
      }
      signal.addEventListener('abort', onAbortWhileQueued, { once: true })
      const queue = this.queues.get(userId)
      if (queue) queue.push(pending)
      else this.queues.set(userId, [pending])
      this.waiting += 1
      this.drain()
    })
  }

  /** Kills the children and refuses the waiting expressions; a later `evaluate` starts new children. */
  async close(): Promise<void> {
    const closed = new Error('the calculator was shut down; try again')
    for (const queue of this.queues.values()) {
      for (const pending of queue.splice(0)) {
        pending.leaveQueue()
        pending.reject(closed)
      }
    }
    this.queues.clear()
    this.waiting = 0
    await Promise.all(this.slots.map((slot) => {
      const child = slot.child
      slot.child = undefined
      return child?.kill(closed)
    }))
  }

  /** Starts waiting expressions on free children, taking users in turn. */
  private drain(): void {
    for (;;) {
      const slot = this.freeSlot()
      if (!slot) return
      const next = this.nextInTurn()
      if (!next) return
      slot.busy = true
      this.running.set(next.userId, (this.running.get(next.userId) ?? 0) + 1)
      void this.run(slot, next).finally(() => {
        slot.busy = false
        const left = (this.running.get(next.userId) ?? 1) - 1
        if (left > 0) this.running.set(next.userId, left)
        else this.running.delete(next.userId)
        this.drain()
      })
    }
  }

  /** A free slot, preferring one whose child is already running. */
  private freeSlot(): PoolSlot | undefined {
    const free = this.slots.filter(slot => !slot.busy)
    return free.find(slot => slot.child && !slot.child.ended) ?? free[0]
  }

  /** The first waiting expression of the user served longest ago, among users under the per-user limit. */
  private nextInTurn(): PendingExpression | undefined {
    let chosen: string | undefined
    for (const [userId, queue] of this.queues) {
      if (queue.length === 0) {
        this.queues.delete(userId)
        continue
      }
      if ((this.running.get(userId) ?? 0) >= this.maxPerUser) continue
      if (chosen === undefined || (this.lastServed.get(userId) ?? -1) < (this.lastServed.get(chosen) ?? -1)) chosen = userId
    }
    if (chosen === undefined) return undefined
    const queue = this.queues.get(chosen) as PendingExpression[]
    const pending = queue.shift() as PendingExpression
    if (queue.length === 0) this.queues.delete(chosen)
    this.waiting -= 1
    this.served += 1
    this.lastServed.set(chosen, this.served)
    // Bounded memory: forget users with nothing waiting or running once many are remembered.
    if (this.lastServed.size > 10_000) {
      for (const userId of this.lastServed.keys()) if (!this.queues.has(userId) && !this.running.has(userId)) this.lastServed.delete(userId)
    }
    return pending
  }

  private async run(slot: PoolSlot, pending: PendingExpression): Promise<void> {
    pending.leaveQueue()
    const { signal } = pending
    if (signal.aborted) return pending.reject(abortError(signal))
    let child: MathChild
    try {
      child = this.childOf(slot)
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
      this.discard(slot, child, error)
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
    this.discard(slot, child, error)
    pending.reject(error)
  }

  private discard(slot: PoolSlot, child: MathChild, reason: Error): void {
    if (slot.child === child) slot.child = undefined
    void child.kill(reason)
  }

  private childOf(slot: PoolSlot): MathChild {
    if (slot.child && !slot.child.ended) return slot.child
    slot.child = new MathChild({
      // Resolved from this file: in a build that is .output/server/node_modules (see modules/server-tools.ts).
      mathjsPath: createRequire(import.meta.url).resolve('mathjs'),
      maxHeapMb: this.maxHeapMb,
      selfLimitMs: this.timeoutMs + SELF_LIMIT_MARGIN_MS,
      source: this.childSource,
    })
    return slot.child
  }
}
