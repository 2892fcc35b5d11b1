// Bounds the work one event-loop turn takes on. Hot continuations (a model read's handling, a model
// round's start, a committed write's caller) ask the gate first; past `budgetMs` of this turn they wait
// and are let in one per check-phase callback, first come first served, each finishing what it does
// before the next is let in, and the rest move to the next turn. It measures nothing and drops nothing.

export interface TurnGate {
  /** Undefined while this turn has budget left and no one waits: go on now. Else a promise resolved once let in. */
  admit(): Promise<void> | undefined
  /** Queues `run` behind those waiting (it always waits for a check-phase callback of its own). */
  defer(run: () => void): void
}

export interface TurnGateOptions {
  /** Work a turn takes on before the rest waits; 0 turns the gate off. */
  budgetMs: number
  /** The clock (tests pass their own). Default performance.now. */
  now?: () => number
}

/** A gate that lets everything in at once (budget 0): `defer` runs at once too. */
export const OPEN_TURN_GATE: TurnGate = { admit: () => undefined, defer: run => run() }

/**
 * The turn starts at the timers phase (a 0 ms timer, armed while the gate is in use), or at the gate's
 * first use in a turn the timer did not mark. A promise resolved inside a loop would let every waiter
 * in before any of them ran, so each waiter has its own `setImmediate` callback: Node runs the promise
 * jobs a callback starts before the next callback, so the clock sees the work of everyone let in.
 * Callbacks that find the turn spent schedule themselves again, which puts them in the next turn.
 */
export function createTurnGate(options: TurnGateOptions): TurnGate {
  if (options.budgetMs <= 0) return OPEN_TURN_GATE
  const budgetMs = options.budgetMs
  const now = options.now ?? (() => performance.now())
  const waiting: Array<() => void> = []
  let turnStartedAt = 0
  let marked = false

  const markTurn = () => {
    turnStartedAt = now()
    if (waiting.length > 0) setTimeout(markTurn, 0)
    else marked = false
  }
  /** Milliseconds of this turn spent so far. */
  const spent = (): number => {
    const at = now()
    if (!marked) {
      marked = true
      turnStartedAt = at
      setTimeout(markTurn, 0)
    }
    return at - turnStartedAt
  }
  const letOneIn = () => {
    if (waiting.length === 0) return
    if (spent() >= budgetMs) {
      setImmediate(letOneIn)
      return
    }
    waiting.shift()!()
  }
  const enqueue = (run: () => void) => {
    waiting.push(run)
    setImmediate(letOneIn)
  }

  return {
    admit() {
      if (waiting.length === 0 && spent() < budgetMs) return undefined
      return new Promise<void>(resolve => enqueue(resolve))
    },
    defer: enqueue,
  }
}
