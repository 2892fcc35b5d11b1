// The SQLite group commit: writes asked for in one event-loop turn commit together, each in its own
// savepoint (a failing one rolls back alone and rejects only its caller), in the order asked, and
// every promise settles only after the commit; a group that has run for maxGroupMs commits there and
// leaves the rest, in order and ahead of newer writes, to the next turn; callers settle through the
// turn gate's `defer` when one is given.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createGroupCommit } from '../../../server/core/store/sqlite/sqlite-group-commit'

const databases: Database.Database[] = []
afterEach(() => {
  for (const database of databases.splice(0)) database.close()
})

function openDatabase(path = ':memory:') {
  const database = new Database(path, { timeout: 0 })
  databases.push(database)
  database.exec('CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, value TEXT NOT NULL)')
  const insert = database.prepare<{ value: string }>('INSERT INTO rows (value) VALUES (@value)')
  const values = () => database.prepare<[], { value: string }>('SELECT value FROM rows ORDER BY id').all().map(row => row.value)
  return { database, insert, values }
}

describe('createGroupCommit', () => {
  it('runs the writes of one turn in one transaction, in order, after the turn', async () => {
    const { database, insert, values } = openDatabase()
    const group = createGroupCommit(database)
    const seenInTransaction: boolean[] = []
    const writes = ['a', 'b', 'c'].map(value => group.run(() => {
      seenInTransaction.push(database.inTransaction)
      return insert.run({ value }).lastInsertRowid
    }))
    expect(values()).toEqual([])
    expect(await Promise.all(writes)).toEqual([1, 2, 3])
    expect(values()).toEqual(['a', 'b', 'c'])
    expect(seenInTransaction).toEqual([true, true, true])
    expect(group.groups).toBe(1)
    await group.run(() => insert.run({ value: 'd' }))
    expect(group.groups).toBe(2)
  })

  it('rolls back only the write that throws and rejects only its caller', async () => {
    const { database, insert, values } = openDatabase()
    const group = createGroupCommit(database)
    const first = group.run(() => insert.run({ value: 'kept' }))
    const failing = group.run(() => {
      insert.run({ value: 'rolled back' })
      throw new Error('lease lost')
    })
    const last = group.run(() => insert.run({ value: 'also kept' }))
    await expect(failing).rejects.toThrow('lease lost')
    await Promise.all([first, last])
    expect(values()).toEqual(['kept', 'also kept'])
  })

  it('rejects every write of a group whose transaction cannot start (another process holds the lock)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errand-group-commit-'))
    try {
      const { database, insert, values } = openDatabase(join(dir, 'db.sqlite'))
      const other = openDatabase(join(dir, 'db.sqlite')).database
      const group = createGroupCommit(database)
      other.exec('BEGIN IMMEDIATE')
      const writes = [group.run(() => insert.run({ value: 'x' })), group.run(() => insert.run({ value: 'y' }))]
      const outcomes = await Promise.allSettled(writes)
      expect(outcomes.map(outcome => outcome.status)).toEqual(['rejected', 'rejected'])
      other.exec('ROLLBACK')
      expect(values()).toEqual([])
      await group.run(() => insert.run({ value: 'z' }))
      expect(values()).toEqual(['z'])
    }
    finally {
      for (const database of databases.splice(0)) database.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('commits a long group at maxGroupMs and runs the rest in the next turn, ahead of newer writes', async () => {
    const { database, insert, values } = openDatabase()
    let clock = 0
    const group = createGroupCommit(database, { maxGroupMs: 12, now: () => clock })
    const order: string[] = []
    const write = (value: string) => group.run(() => {
      order.push(value)
      clock += 5
      return insert.run({ value }).changes
    })
    const firstTurn = ['a', 'b', 'c', 'd', 'e'].map(write)
    // An immediate queued after the writes runs after the first group and before the second one.
    const between = new Promise<void>(resolve => setImmediate(() => {
      order.push('|')
      resolve()
    }))
    await Promise.all([...firstTurn, between])
    // 0, 5 and 10 ms are under 12 ms: three writes ran in the first group, the other two in the next turn.
    expect(order).toEqual(['a', 'b', 'c', '|', 'd', 'e'])
    expect(group.groups).toBe(2)
    const late = write('f')
    await late
    expect(values()).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
    expect(group.groups).toBe(3)
  })

  it('settles every caller through the turn gate\'s `defer`, only after the group has committed', async () => {
    const { database, insert, values } = openDatabase()
    const settlements: Array<() => void> = []
    const group = createGroupCommit(database, { turnGate: { admit: () => undefined, defer: run => settlements.push(run) } })
    const settled: string[] = []
    const writes = ['a', 'b', 'c'].map(value => group.run(() => insert.run({ value }).changes).then(() => settled.push(value)))
    const failing = group.run(() => {
      throw new Error('lease lost')
    }).catch((error: Error) => settled.push(error.message))
    await new Promise<void>(resolve => setImmediate(resolve))
    expect(values()).toEqual(['a', 'b', 'c'])
    expect(settlements).toHaveLength(4)
    expect(settled).toEqual([])
    settlements.splice(0).reverse().forEach(run => run())
    await Promise.all([...writes, failing])
    // Each promise settles when its own run is called (here in reverse): the order is the gate's.
    expect(settled).toEqual(['lease lost', 'c', 'b', 'a'])
  })

  it('always runs at least one write per group, however slow', async () => {
    const { database, insert, values } = openDatabase()
    let clock = 0
    const group = createGroupCommit(database, { maxGroupMs: 1, now: () => clock })
    const writes = ['slow', 'slower'].map(value => group.run(() => {
      clock += 100
      return insert.run({ value }).changes
    }))
    expect(await Promise.all(writes)).toEqual([1, 1])
    expect(values()).toEqual(['slow', 'slower'])
    expect(group.groups).toBe(2)
  })
})
