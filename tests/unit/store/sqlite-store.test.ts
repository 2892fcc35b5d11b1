// Runs the store contract against the sqlite provider (one fresh file per test under the OS temp
// folder), plus what only SQLite has: migrations at open (and of older files), re-opening a file,
// pragmas, indexes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Store } from '../../../server/core/store/ports'
import { createSqliteStore } from '../../../server/core/store/sqlite/sqlite-store'
import { applySqliteMigrations, SQLITE_MIGRATIONS } from '../../../server/core/store/sqlite/sqlite-migrations'
import { runStoreContract } from './store-contract'

const folder = mkdtempSync(join(tmpdir(), 'errand-sqlite-store-'))
let fileCount = 0
const freshPath = () => join(folder, `store-${++fileCount}.sqlite`)
afterAll(() => rmSync(folder, { recursive: true, force: true }))

runStoreContract('sqlite store', () => createSqliteStore({ path: freshPath() }))
runStoreContract('sqlite store in memory', () => createSqliteStore({ path: ':memory:' }))

/** Reads a database file directly, bypassing the store. */
function inspect<Result>(path: string, read: (database: Database.Database) => Result): Result {
  const database = new Database(path, { readonly: true })
  try {
    return read(database)
  }
  finally {
    database.close()
  }
}

const migrationRows = (path: string) => inspect(path, database =>
  database.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all())

describe('sqlite store, provider specifics', () => {
  const opened: Store[] = []
  const open = (path: string) => {
    const store = createSqliteStore({ path })
    opened.push(store)
    return store
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(store => store.close()))
  })

  it('creates the missing parent folders and applies every migration at open', async () => {
    const path = join(folder, 'nested', 'deeper', 'errand.sqlite')
    await open(path).close()
    const rows = migrationRows(path)
    expect(rows).toEqual(SQLITE_MIGRATIONS.map(migration => ({ version: migration.version, name: migration.name, applied_at: expect.any(Number) })))
    const names = inspect(path, database => database.prepare<[], { name: string }>(
      `SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name`).all())
    expect(names.map(row => row.name)).toEqual([
      'jobs', 'jobs_by_finished', 'jobs_by_status_created', 'jobs_by_thread', 'jobs_by_user_status',
      'messages', 'messages_by_thread_created', 'schema_migrations', 'threads', 'threads_by_user_updated',
    ])
  })

  it('keeps the data when the same file is opened again, without re-applying migrations', async () => {
    const path = freshPath()
    const first = open(path)
    const thread = await first.createThread('user-1', {})
    const turn = await first.createTurn('user-1', { threadId: thread.id, content: 'Remember me', model: 'm', isDemo: false })
    await first.appendJobContent('user-1', turn!.job.id, { text: 'partial', chunks: 1, lastSeq: 1 })
    await first.close()
    const migrationsAfterFirstOpen = migrationRows(path)

    const second = open(path)
    expect(await second.getThread('user-1', thread.id)).toEqual({ ...thread, title: 'Remember me', updatedAt: turn!.job.createdAt })
    expect((await second.getJob('user-1', turn!.job.id))?.content).toBe('partial')
    expect((await second.systemListUnfinishedJobs()).map(job => job.id)).toEqual([turn!.job.id])
    await second.close()
    expect(migrationRows(path)).toEqual(migrationsAfterFirstOpen)
  })

  it('applies only the migrations a database has not seen yet', () => {
    const database = new Database(':memory:')
    try {
      expect(applySqliteMigrations(database)).toEqual(SQLITE_MIGRATIONS.map(migration => migration.version))
      expect(applySqliteMigrations(database)).toEqual([])
      const next = { version: SQLITE_MIGRATIONS.length + 1, name: 'test column', sql: 'ALTER TABLE threads ADD COLUMN pinned INTEGER' }
      expect(applySqliteMigrations(database, [...SQLITE_MIGRATIONS, next])).toEqual([next.version])
      expect(applySqliteMigrations(database, [...SQLITE_MIGRATIONS, next])).toEqual([])
    }
    finally {
      database.close()
    }
  })

  it('gives jobs written before migration 2 no lease, no checkpoint and zero attempts', async () => {
    const path = freshPath()
    const database = new Database(path)
    applySqliteMigrations(database, SQLITE_MIGRATIONS.slice(0, 1))
    database.prepare(`INSERT INTO threads (id, user_id, title, disabled_tools, created_at, updated_at)
      VALUES ('thread-1', 'user-1', 'Old', '[]', 1, 1)`).run()
    database.prepare(`INSERT INTO jobs (id, user_id, thread_id, message_id, kind, status, model, is_demo, content,
        chunks_received, tool_calls, tool_rounds, usage, error, last_seq, created_at, started_at, finished_at, updated_at)
      VALUES ('job-1', 'user-1', 'thread-1', 'message-1', 'chat', 'streaming', 'm', 0, 'half', 1, '[]', '[]', NULL, NULL, 1,
        1, 1, NULL, 1)`).run()
    database.close()

    const store = open(path)
    expect(await store.getJob('user-1', 'job-1')).toMatchObject({
      content: 'half', status: 'streaming', attempts: 0, leaseOwner: null, leaseExpiresAt: null, checkpoint: null,
    })
    expect((await store.systemListClaimableJobs(2)).map(job => job.id)).toEqual(['job-1'])
    expect(await store.claimJobLease('job-1', 'instance-a', 100, 2)).toMatchObject({ attempts: 1, leaseOwner: 'instance-a' })
  })

  it('gives an expired lease to exactly one of two stores sharing the file (two instances)', async () => {
    const path = freshPath()
    const first = open(path)
    const second = open(path)
    const thread = await first.createThread('user-1', {})
    const turn = await first.createTurn('user-1', { threadId: thread.id, content: 'Shared', model: 'm', isDemo: false })
    await first.claimJobLease(turn!.job.id, 'instance-dead', 10, 0)
    const results = await Promise.all([
      first.claimJobLease(turn!.job.id, 'instance-a', 5000, 100),
      second.claimJobLease(turn!.job.id, 'instance-b', 5000, 100),
    ])
    expect(results.filter(result => result !== null)).toHaveLength(1)
    expect(await second.getJob('user-1', turn!.job.id)).toMatchObject({ leaseOwner: 'instance-a', attempts: 2 })
  })

  it('turns on WAL mode in the file', async () => {
    const path = freshPath()
    open(path)
    expect(inspect(path, database => database.pragma('journal_mode', { simple: true }))).toBe('wal')
  })
})
