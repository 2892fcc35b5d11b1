// The calculator pool's records: an expression on its way through the pool, and one place in the pool
// (its child, the pipeline of expressions given to it, the running deadline), with the questions asked
// of a place. It starts no child and decides nothing; math-evaluator does both.
import type { MathChild } from './math-child-process'

export interface PendingExpression {
  userId: string
  expression: string
  signal: AbortSignal
  resolve: (result: string) => void
  reject: (error: Error) => void
  /** The slot whose pipeline holds it; undefined while it waits in the queue. */
  slot: PoolSlot | undefined
  /** Written to its slot's child (not yet while that child starts). */
  sent: boolean
  /** Answered or failed. An aborted expression behind the head stays in its pipeline, settled, until its answer is dropped. */
  settled: boolean
  /** Removes the abort listener. */
  stopListening: () => void
}

/** One place in the pool: its child and the expressions given to it, oldest (the head, being computed) first. */
export interface PoolSlot {
  child: MathChild | undefined
  ready: boolean
  pipeline: PendingExpression[]
  /** The child's startup deadline until it is ready, then the head's deadline. */
  deadline: ReturnType<typeof setTimeout> | undefined
}

export function emptySlot(): PoolSlot {
  return { child: undefined, ready: false, pipeline: [], deadline: undefined }
}

export function hasLiveChild(slot: PoolSlot): boolean {
  return slot.child !== undefined && !slot.child.ended
}

/** A user is "on" a child while one of their expressions is in its pipeline (at most pipelineDepth to look at). */
export function holdsUser(slot: PoolSlot, userId: string): boolean {
  return slot.pipeline.some(pending => pending.userId === userId)
}
