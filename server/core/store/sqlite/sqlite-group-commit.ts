// Group commit for the SQLite store's hot writes (a running job's text, tool calls, metadata,
// checkpoints, finish; traces): the writes asked for in one event-loop turn run together at the end of
// the turn in one IMMEDIATE transaction, each in its own savepoint, so a write that throws (a lost
// lease) changes nothing and rejects only its own caller. Every caller's promise settles after the
// commit, so an awaited write is as durable as before; 1,000 running jobs commit once per turn, not
// once per write. It does not choose which writes are grouped (the store does) and never reorders them.
import type { Database } from 'better-sqlite3'

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

export function createGroupCommit(database: Database): GroupCommit {
  let queue: QueuedWrite[] = []
  let groups = 0
  const inSavepoint = database.transaction((write: () => unknown) => write())
  const runGroup = database.transaction((writes: QueuedWrite[]): Outcome[] => writes.map((queued) => {
    try {
      return { ok: true, value: inSavepoint(queued.write) }
    }
    catch (error) {
      return { ok: false, error }
    }
  }))

  function commit(): void {
    const writes = queue
    queue = []
    let outcomes: Outcome[]
    try {
      outcomes = runGroup.immediate(writes)
      groups += 1
    }
    catch (error) {
      // The commit itself failed (e.g. the database is busy past its timeout): nothing was written.
      for (const queued of writes) queued.reject(error)
      return
    }
    writes.forEach((queued, index) => {
      const outcome = outcomes[index]!
      if (outcome.ok) queued.resolve(outcome.value)
      else queued.reject(outcome.error)
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
