// Evaluates mathjs expressions in a pool of sandboxed child processes fed from a per-user fair queue (users take
// turns, each on at most poolSize - 1 children). A child holds up to pipelineDepth expressions; only its head is on the
// clock, and a head that times out or kills its child fails alone. It does not speak the child's protocol or sandbox mathjs.
import { createRequire } from 'node:module'
import { FairQueue } from './fair-queue'
import { MathChild, type MathChildAnswer } from './math-child-process'
import { emptySlot, hasLiveChild, holdsUser, type PendingExpression, type PoolSlot } from './pool-slot'

/** Limits of the calculator. */
export interface MathEvaluatorOptions {
  /** Time a child may spend on one expression, counted from when it becomes the head of that child's pipeline. Default 2000. */
  timeoutMs?: number
  /** Old-generation heap of the child, in MB. Default 64. */
  maxHeapMb?: number
  /** Time a child may take to start and load mathjs. Default 20 000. */
  startupTimeoutMs?: number
  /** Expressions that may wait, not yet sent to a child; more are refused at once. Default 2000 (each takes milliseconds; a burst of 1,000 jobs must not be refused). */
  maxQueueLength?: number
  /** Replaces the child's script (tests use stand-ins that misbehave). Default: the real calculator. */
  childSource?: string
  /** Child processes working at once. Default 1; with more, one user may use all but one of them. */
  poolSize?: number
  /**
   * Expressions sent to one child before its first answer is back. The child computes them in order while
   * the next ones wait in its input, so it answers many per turn of the server's event loop instead of one.
   * Only the head (the one being computed) is on the clock; if it times out or kills its child, it fails
   * alone and the ones behind it are queued again. 1 sends one at a time. Default 16.
   */
  pipelineDepth?: number
}

/** Extra time the child gives itself beyond the parent's limit before it stops on its own. */
const SELF_LIMIT_MARGIN_MS = 1000

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the calculation was aborted')
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}


/** A calculator backed by a pool of child processes; `close()` stops them. */
export class MathEvaluator {
  private readonly timeoutMs: number
  private readonly maxHeapMb: number
  private readonly startupTimeoutMs: number
  private readonly maxQueueLength: number
  private readonly childSource: string | undefined
  private readonly maxPerUser: number
  private readonly pipelineDepth: number
  private readonly slots: PoolSlot[]
  private readonly queue = new FairQueue<PendingExpression>(userId => this.slots.some(slot => holdsUser(slot, userId)))
  private drainScheduled = false

  constructor(options: MathEvaluatorOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2000
    this.maxHeapMb = options.maxHeapMb ?? 64
    this.startupTimeoutMs = options.startupTimeoutMs ?? 20_000
    this.maxQueueLength = options.maxQueueLength ?? 2000
    this.childSource = options.childSource
    const poolSize = Math.max(1, options.poolSize ?? 1)
    this.maxPerUser = Math.max(1, poolSize - 1)
    this.pipelineDepth = Math.max(1, Math.floor(options.pipelineDepth ?? 16) || 1)
    this.slots = Array.from({ length: poolSize }, emptySlot)
  }

  /** The process id of the first running child, if one is running (for diagnostics and tests). */
  get childProcessId(): number | undefined {
    return this.slots.find(hasLiveChild)?.child?.processId
  }

  /**
   * Resolves with the formatted result; rejects with a readable error (syntax, disabled function, limits, abort, busy).
   * `userId` picks the queue: users take turns, so one user's backlog never delays another's expression for long.
   */
  evaluate(expression: string, signal: AbortSignal = new AbortController().signal, userId = 'anonymous'): Promise<string> {
    if (signal.aborted) return Promise.reject(abortError(signal))
    if (this.queue.size >= this.maxQueueLength) {
      return Promise.reject(new Error(`the calculator is busy (${this.queue.size} expressions are waiting); try again in a few seconds`))
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => this.abort(pending)
      const pending: PendingExpression = {
        userId, expression, signal, resolve, reject, slot: undefined, sent: false, settled: false,
        stopListening: () => signal.removeEventListener('abort', onAbort),
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.queue.push(pending)
      this.scheduleDrain()
    })
  }

  /** Kills the children and refuses the waiting and pipelined expressions; a later `evaluate` starts new children. */
  async close(): Promise<void> {
    const closed = new Error('the calculator was shut down; try again')
    for (const pending of this.queue.takeAll()) this.settle(pending, { error: closed })
    await Promise.all(this.slots.map((slot) => {
      const { child, pipeline } = slot
      this.reset(slot)
      for (const pending of pipeline) this.settle(pending, { error: closed })
      return child?.kill(closed)
    }))
  }

  private abort(pending: PendingExpression): void {
    if (pending.settled) return
    const error = abortError(pending.signal)
    const slot = pending.slot
    if (!slot) this.queue.remove(pending)
    // Not sent: its child is still starting, and keeps starting for the others.
    else if (!pending.sent) this.leave(slot, pending)
    else if (slot.pipeline[0] === pending) return this.failHead(slot, error)
    // Sent behind the head, it stays in the pipeline: the child computes it and its answer is dropped.
    this.settle(pending, { error })
    this.scheduleDrain()
  }

  /** Fills pipelines after the current synchronous run, so expressions submitted together take turns. */
  private scheduleDrain(): void {
    if (this.drainScheduled) return
    this.drainScheduled = true
    queueMicrotask(() => {
      this.drainScheduled = false
      this.drain()
    })
  }

  /** Moves waiting expressions into pipelines with room, taking users in turn. */
  private drain(): void {
    for (;;) {
      const pending = this.queue.take(userId => this.slotFor(userId) !== undefined)
      if (!pending) return
      this.place(pending, this.slotFor(pending.userId) as PoolSlot)
    }
  }

  /**
   * The slot for `userId`'s next expression: one with room that keeps the user on at most maxPerUser
   * children, the emptiest first (so a slow user's full pipeline is avoided), then one with a running child.
   */
  private slotFor(userId: string): PoolSlot | undefined {
    const childrenOfUser = this.slots.filter(slot => holdsUser(slot, userId)).length
    let best: PoolSlot | undefined
    for (const slot of this.slots) {
      if (slot.pipeline.length >= this.pipelineDepth) continue
      if (!holdsUser(slot, userId) && childrenOfUser >= this.maxPerUser) continue
      // Its child died with expressions in flight: they are re-queued a microtask from now.
      if (slot.child?.ended && slot.pipeline.length > 0) continue
      const length = slot.pipeline.length
      if (!best || length < best.pipeline.length || (length === best.pipeline.length && hasLiveChild(slot) && !hasLiveChild(best))) best = slot
    }
    return best
  }

  private place(pending: PendingExpression, slot: PoolSlot): void {
    if (slot.child?.ended) this.reset(slot) // it died while idle
    pending.slot = slot
    slot.pipeline.push(pending)
    if (!slot.child) this.startChild(slot)
    else if (slot.ready) this.send(slot, pending)
  }

  /** Removes an expression from its slot's pipeline (answered, or aborted before it was sent). */
  private leave(slot: PoolSlot, pending: PendingExpression): void {
    const index = slot.pipeline.indexOf(pending)
    if (index >= 0) slot.pipeline.splice(index, 1)
    pending.slot = undefined
  }

  private startChild(slot: PoolSlot): void {
    let child: MathChild
    try {
      child = new MathChild({
        // Resolved from this file: in a build that is .output/server/node_modules (see modules/server-tools.ts).
        mathjsPath: createRequire(import.meta.url).resolve('mathjs'),
        maxHeapMb: this.maxHeapMb,
        selfLimitMs: this.timeoutMs + SELF_LIMIT_MARGIN_MS,
        source: this.childSource,
      })
    }
    catch (error) {
      return this.failHead(slot, new Error(`the calculator could not start: ${toError(error).message}`))
    }
    slot.child = child
    const failed = (reason: string) => {
      if (slot.child === child && !slot.ready) this.failHead(slot, new Error(`the calculator could not start: ${reason}`))
    }
    slot.deadline = setTimeout(() => failed(`it took longer than ${this.startupTimeoutMs} ms`), this.startupTimeoutMs)
    child.ready.then(() => {
      if (slot.child !== child) return
      clearTimeout(slot.deadline)
      slot.deadline = undefined
      slot.ready = true
      for (const pending of slot.pipeline) this.send(slot, pending)
    }, (error: unknown) => failed(toError(error).message))
  }

  private send(slot: PoolSlot, pending: PendingExpression): void {
    const child = slot.child as MathChild
    pending.sent = true
    child.evaluate(pending.expression).then(
      answer => this.answered(slot, child, pending, answer),
      (error: unknown) => {
        // The child ended: the first rejection blames the head, the later ones find the slot reset.
        if (slot.child === child) this.failHead(slot, toError(error))
      },
    )
    this.startHeadClock(slot)
  }

  private answered(slot: PoolSlot, child: MathChild, pending: PendingExpression, answer: MathChildAnswer): void {
    if (slot.child !== child || slot.pipeline[0] !== pending) return
    clearTimeout(slot.deadline)
    slot.deadline = undefined
    this.leave(slot, pending)
    this.settle(pending, answer.ok ? { result: answer.result } : { error: new Error(answer.error) })
    this.startHeadClock(slot)
    this.scheduleDrain()
  }

  /** Starts the head's deadline if the child is computing a head whose clock is not running yet. */
  private startHeadClock(slot: PoolSlot): void {
    const head = slot.pipeline[0]
    if (!head || !slot.ready || slot.deadline) return
    slot.deadline = setTimeout(() => {
      slot.deadline = undefined
      if (slot.pipeline[0] !== head) return
      this.failHead(slot, new Error(`the expression took longer than ${this.timeoutMs} ms and was stopped; simplify it or use smaller numbers`))
    }, this.timeoutMs)
  }

  /**
   * Fails the slot's head with `error`, kills its child and puts the expressions behind it back at the front
   * of their users' queues. Only the head is blamed and it is never re-queued, so each failure removes one
   * expression: one that keeps killing children cannot loop.
   */
  private failHead(slot: PoolSlot, error: Error): void {
    const { child, pipeline: [head, ...behind] } = slot
    this.reset(slot)
    if (head) this.settle(head, { error })
    const again = behind.filter(pending => !pending.settled)
    for (const pending of again) {
      pending.slot = undefined
      pending.sent = false
    }
    this.queue.returnToFront(again)
    void child?.kill(error)
    this.scheduleDrain()
  }

  /** Empties the slot (its child is forgotten, not killed). */
  private reset(slot: PoolSlot): void {
    clearTimeout(slot.deadline)
    Object.assign(slot, emptySlot())
  }

  private settle(pending: PendingExpression, outcome: { result: string } | { error: Error }): void {
    if (pending.settled) return
    pending.settled = true
    pending.stopListening()
    if ('result' in outcome) pending.resolve(outcome.result)
    else pending.reject(outcome.error)
  }
}
