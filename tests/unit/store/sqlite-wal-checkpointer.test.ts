// The WAL checkpointer: with automatic checkpoints off, the worker thread copies committed WAL frames
// into the database file on its own connection, and stop() runs a last one.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startWalCheckpointer } from '../../../server/core/store/sqlite/sqlite-wal-checkpointer'
import { until } from '../../shared/until'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('startWalCheckpointer', () => {
  it('moves committed WAL frames into the database file from its worker thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errand-wal-'))
    dirs.push(dir)
    const path = join(dir, 'db.sqlite')
    const database = new Database(path)
    database.pragma('journal_mode = WAL')
    database.pragma('wal_autocheckpoint = 0')
    database.exec('CREATE TABLE rows (value TEXT)')
    const sizeBefore = statSync(path).size
    const insert = database.prepare('INSERT INTO rows (value) VALUES (?)')
    database.transaction(() => {
      for (let index = 0; index < 2000; index++) insert.run('x'.repeat(500))
    })()
    // Nothing moves the frames on this connection: the file keeps its size until the worker runs.
    expect(statSync(path).size).toBe(sizeBefore)
    const failures: unknown[] = []
    const checkpointer = startWalCheckpointer(path, { intervalMs: 50, onFailure: error => failures.push(error) })
    try {
      await until(async () => statSync(path).size, size => size > sizeBefore + 500_000, 'the database file to take the WAL frames', { timeoutMs: 10_000 })
    }
    finally {
      await checkpointer.stop()
      database.close()
    }
    expect(failures).toEqual([])
  })
})
