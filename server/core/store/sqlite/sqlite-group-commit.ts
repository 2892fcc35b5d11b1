// Group commit for the SQLite store's hot writes (a running job's text, tool calls, metadata,
// checkpoints, finish; traces): the writes asked for in one event-loop turn run together at the end of
// the turn in one IMMEDIATE transaction, each in its own savepoint, so a write that throws (a lost
// lease) changes nothing and rejects only its own caller. Every caller's promise settles after the
// commit (through the turn gate's `defer`, so callers go on within the turn's budget), so an awaited
// write is as durable as before; 1,000 running jobs commit once per turn, not once per write. A group
// that has run for `maxGroupMs` commits there and leaves the rest of the queue, in order, to the next
// turn, so a burst (hundreds of jobs finishing at once) cannot hold the event loop for long. It does not choose which writes are grouped (the store does) and never reorders them.
import type { Database } from 'better-sqlite3'
import { OPEN_TURN_GATE, type TurnGate } from '../../scheduling/turn-gate'

export interface GroupCommitOptions {
  /** Writes stop joining a group once it has run this long (at least one always runs). Default 10. */
  maxGroupMs?: number
  /** The clock (tests pass their own). Default performance.now. */
  now?: () => number
  /** Each caller's promise settles through its `defer`, in order. Default: open (all at once, after the commit). */
  turnGate?: TurnGate
}

export interface GroupCommit {
  /** Runs `write` in this turn's group; resolves with its result after the group commits. */
  run<T>(write: () => T): Promise<T>
  /** Groups committed so far (for tests and benchmarks). */
  readonly groups: number
}

interface QueuedWrite {
  write: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

type Outcome = { ok: true, value: unknown } | { ok: false, error: unknown }

export function createGroupCommit(database: Database, options: GroupCommitOptions = {}): GroupCommit {
  const maxGroupMs = options.maxGroupMs ?? 10
  const now = options.now ?? (() => performance.now())
  const turnGate = options.turnGate ?? OPEN_TURN_GATE
  let queue: QueuedWrite[] = []
  let groups = 0
  const inSavepoint = database.transaction((write: () => unknown) => write())
  /** Runs writes from the front of `pending` until the time is up; returns the outcomes of those run. */
  const runGroup = database.transaction((pending: QueuedWrite[]): Outcome[] => {
    const startedAt = now()
    const outcomes: Outcome[] = []
    for (const queued of pending) {
      if (outcomes.length > 0 && now() - startedAt >= maxGroupMs) break
      try {
        outcomes.push({ ok: true, value: inSavepoint(queued.write) })
      }
      catch (error) {
        outcomes.push({ ok: false, error })
      }
    }
    return outcomes
  })

  function commit(): void {
    const pending = queue
    queue = []
    let outcomes: Outcome[]
    try {
      outcomes = runGroup.immediate(pending)
      groups += 1
    }
    catch (error) {
      // The commit itself failed (e.g. the database is busy past its timeout): nothing was written.
      for (const queued of pending) queued.reject(error)
      return
    }
    const writes = pending.slice(0, outcomes.length)
    if (outcomes.length < pending.length) {
      // Scheduled from this turn's check phase, the rest commits in the next turn, ahead of newer writes.
      queue = [...pending.slice(outcomes.length), ...queue]
      setImmediate(commit)
    }
    writes.forEach((queued, index) => {
      const outcome = outcomes[index]!
      turnGate.defer(() => outcome.ok ? queued.resolve(outcome.value) : queued.reject(outcome.error))
    })
  }

  return {
    run<T>(write: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: value => resolve(value as T), reject })
        if (queue.length === 1) setImmediate(commit)
      })
    },
    get groups() {
      return groups
    },
  }
}
