// Runs the store contract against the sqlite provider (one fresh file per test under the OS temp
// folder), plus what only SQLite has: migrations at open (and of older files, up to the checkpoint
// envelope and the result read time), re-opening a file, schema validation of rows read back, pragmas, indexes.
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

/**
 * A fresh file migrated only to `version`, holding 'thread-1' of 'user-1' titled 'Old' (created at 1,
 * updated at `updatedAt`) with `disabledTools` JSON. The caller writes its old rows and closes it.
 */
function legacyFile(version: number, disabledTools: string, updatedAt: number) {
  const path = freshPath()
  const database = new Database(path)
  applySqliteMigrations(database, SQLITE_MIGRATIONS.slice(0, version))
  database.prepare(`INSERT INTO threads (id, user_id, title, disabled_tools, created_at, updated_at)
    VALUES ('thread-1', 'user-1', 'Old', ?, 1, ?)`).run(disabledTools, updatedAt)
  return { path, database }
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
      'job_text_chunks', 'job_text_chunks_by_seq', 'job_tool_calls', 'job_tool_calls_by_ordinal', 'jobs', 'jobs_by_finished', 'jobs_by_parent', 'jobs_by_status_created', 'jobs_by_thread', 'jobs_by_user_status',
      'messages', 'messages_by_thread_created', 'schema_migrations', 'threads', 'threads_by_user_updated',
      'traces', 'traces_by_job', 'traces_by_started', 'traces_by_thread_turn',
      'uploads', 'uploads_by_orphan', 'uploads_by_sha', 'user_events', 'user_events_by_at', 'user_events_by_user', 'workflow_results', 'workflow_results_by_created',
    ])
  })

  it('keeps the data when the same file is opened again, without re-applying migrations', async () => {
    const path = freshPath()
    const first = open(path)
    const thread = await first.createThread('user-1', {})
    const turn = await first.createTurn('user-1', { threadId: thread.id, content: 'Remember me', model: 'm', isDemo: false })
    await first.claimJobLease(turn!.job.id, 'instance-a', Date.now() + 60_000, Date.now())
    await first.appendJobContent('user-1', turn!.job.id, { text: 'partial', chunks: 1, lastSeq: 1 }, { owner: 'instance-a' })
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
    const { path, database } = legacyFile(1, '[]', 1)
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

  it('upgrades a file written before migration 3: threads, jobs (tree fields, checkpoint envelope) and messages kept', async () => {
    const { path, database } = legacyFile(2, '["web_search"]', 5)
    database.prepare(`INSERT INTO messages (id, thread_id, user_id, role, content, job_id, status, error, model, is_demo,
        tool_calls, usage, created_at)
      VALUES ('message-1', 'thread-1', 'user-1', 'assistant', '', 'job-1', 'streaming', NULL, 'm', 0, '[]', NULL, 2)`).run()
    const legacyCheckpoint = {
      round: 2, messages: [{ role: 'user', content: 'Hi' }], completedToolCallIds: ['call_1'], contentLength: 4,
      toolRoundsDone: 1, savedAt: 3,
    }
    database.prepare(`INSERT INTO jobs (id, user_id, thread_id, message_id, kind, status, model, is_demo, content,
        chunks_received, tool_calls, tool_rounds, usage, error, last_seq, created_at, started_at, finished_at, updated_at,
        attempts, lease_owner, lease_expires_at, checkpoint)
      VALUES ('job-1', 'user-1', 'thread-1', 'message-1', 'chat', 'streaming', 'm', 0, 'half of it', 2, '[]', '[]', NULL,
        NULL, 7, 2, 2, NULL, 3, 1, 'instance-dead', 10, ?)`).run(JSON.stringify(legacyCheckpoint))
    database.close()

    const store = open(path)
    expect(await store.getThread('user-1', 'thread-1')).toEqual({
      id: 'thread-1', userId: 'user-1', title: 'Old', disabledTools: ['web_search'], enabledTools: [], model: null,
      createdAt: 1, updatedAt: 5,
    })
    expect(await store.getJob('user-1', 'job-1')).toEqual({
      id: 'job-1', userId: 'user-1', threadId: 'thread-1', messageId: 'message-1', parentJobId: null, kind: 'chat',
      title: null, input: null, status: 'streaming', model: 'm', isDemo: false, content: 'half of it', chunksReceived: 2,
      toolCalls: [], toolRounds: [], usage: null, error: null, lastSeq: 7, createdAt: 2, startedAt: 2, finishedAt: null,
      updatedAt: 3, attempts: 1, leaseOwner: 'instance-dead', leaseExpiresAt: 10, abortRequestedAt: null,
      resultReadAt: null,
      checkpoint: {
        contentLength: 4, completedToolCallIds: ['call_1'], savedAt: 3,
        state: { round: 2, messages: [{ role: 'user', content: 'Hi' }], toolRoundsDone: 1 },
      },
    })
    expect((await store.listMessages('user-1', 'thread-1')).map(message => message.content)).toEqual(['half of it'])
    const claimed = await store.claimJobLease('job-1', 'instance-a', 100, 11)
    expect(claimed).toMatchObject({ attempts: 2, leaseOwner: 'instance-a' })
    expect((await store.rewindJobToCheckpoint('job-1', 'instance-a'))?.content).toBe('half')
    const child = await store.createJob('user-1', { kind: 'subagent', parentJobId: 'job-1', model: 'm', isDemo: false })
    expect(child).toMatchObject({ threadId: null, messageId: null, parentJobId: 'job-1' })
    expect(await store.deleteThread('user-1', 'thread-1')).toBe(true)
    expect(await store.getJob('user-1', child!.id)).toBeNull()
    expect((await store.listUserEvents('user-1', 0, 10)).map(event => event.type)).toEqual(['job', 'job', 'thread_deleted'])
  })

  it('upgrades a file written before migration 4: its jobs\' results are not collected yet, and can be marked', async () => {
    const { path, database } = legacyFile(3, '[]', 5)
    database.prepare(`INSERT INTO jobs (id, user_id, thread_id, message_id, parent_job_id, kind, status, model, is_demo,
        content, chunks_received, tool_calls, tool_rounds, last_seq, created_at, started_at, finished_at, updated_at)
      VALUES ('job-1', 'user-1', 'thread-1', NULL, NULL, 'subagent', 'complete', 'm', 0, 'Found it', 1, '[]', '[]', 3,
        2, 2, 4, 4)`).run()
    database.close()

    const store = open(path)
    const before = await store.getJob('user-1', 'job-1')
    expect(before).toMatchObject({ status: 'complete', content: 'Found it', resultReadAt: null })
    expect(await store.markJobResultRead('user-1', 'job-1', 9)).toBe(true)
    expect(await store.getJob('user-1', 'job-1')).toEqual({ ...before, resultReadAt: 9 })
  })

  it('upgrades a file written before migrations 4 and 5: its messages get no attachments', async () => {
    const { path, database } = legacyFile(3, '[]', 5)
    database.prepare(`INSERT INTO messages (id, thread_id, user_id, role, content, job_id, status, error, model, is_demo,
        tool_calls, usage, created_at)
      VALUES ('message-1', 'thread-1', 'user-1', 'user', 'Old question', NULL, NULL, NULL, NULL, 0, '[]', NULL, 2)`).run()
    database.close()
    const store = open(path)
    expect(await store.listMessages('user-1', 'thread-1')).toEqual([expect.objectContaining({ content: 'Old question', attachments: [] })])
  })

  it('upgrades a file written by migration 7: text into one chunk, tool calls into rows, then appends, rewinds and finishes', async () => {
    const { path, database } = legacyFile(7, '[]', 5)
    const call = (id: string, status: string) => ({ id, name: 'calculator', status, args: { expression: '1+1' }, round: 1, startedAt: 3 })
    const insertJob = database.prepare(`INSERT INTO jobs (id, user_id, thread_id, message_id, parent_job_id, kind, status, model,
        is_demo, content, chunks_received, tool_calls, tool_rounds, last_seq, created_at, started_at, finished_at, updated_at,
        lease_owner, lease_expires_at, checkpoint)
      VALUES (?, 'user-1', 'thread-1', ?, NULL, 'chat', ?, 'm', 0, ?, 2, ?, '[]', ?, 2, 2, ?, 4, ?, ?, ?)`)
    const insertMessage = database.prepare(`INSERT INTO messages (id, thread_id, user_id, role, content, job_id, status, error, model,
        is_demo, tool_calls, usage, created_at) VALUES (?, 'thread-1', 'user-1', 'assistant', ?, ?, ?, NULL, 'm', 0, ?, NULL, ?)`)
    const liveCalls = JSON.stringify([call('call_1', 'completed'), call('call_2', 'running')])
    const checkpoint = JSON.stringify({ contentLength: 5, completedToolCallIds: ['call_1'], state: null, savedAt: 3 })
    insertJob.run('job-live', 'message-live', 'streaming', 'Half, and more', liveCalls, 7, null, 'instance-a', 10, checkpoint)
    insertMessage.run('message-live', '', 'job-live', 'streaming', '[]', 2)
    insertJob.run('job-done', 'message-done', 'complete', 'All done.', JSON.stringify([call('call_9', 'completed')]), 4, 4, null, null, null)
    insertMessage.run('message-done', 'All done.', 'job-done', 'complete', JSON.stringify([call('call_9', 'completed')]), 1)
    database.close()

    const store = open(path)
    expect(inspect(path, db => db.prepare('SELECT job_id, idx, text, last_seq FROM job_text_chunks').all()))
      .toEqual([{ job_id: 'job-live', idx: 0, text: 'Half, and more', last_seq: 7 }])
    expect(await store.getJob('user-1', 'job-live')).toMatchObject({
      content: 'Half, and more', toolCalls: [call('call_1', 'completed'), call('call_2', 'running')], lastSeq: 7,
    })
    expect(await store.getJob('user-1', 'job-done')).toMatchObject({ content: 'All done.', toolCalls: [call('call_9', 'completed')] })
    expect((await store.listMessages('user-1', 'thread-1')).map(message => message.content)).toEqual(['All done.', 'Half, and more'])
    expect(await store.getJobProgress('user-1', 'job-live', 7)).toMatchObject({ chunks: [], toolCalls: [], cursor: 7, resync: false })

    await store.appendJobContent('user-1', 'job-live', { text: '!', chunks: 1, lastSeq: 8 }, { owner: 'instance-a' })
    expect((await store.getJobProgress('user-1', 'job-live', 7))?.chunks).toEqual([{ text: '!', lastSeq: 8 }])
    expect(await store.rewindJobToCheckpoint('job-live', 'instance-a')).toMatchObject({ content: 'Half,', toolCalls: [call('call_1', 'completed')] })
    await store.appendJobContent('user-1', 'job-live', { text: ' again', chunks: 1, lastSeq: 10_009 }, { owner: 'instance-a' })
    await store.finishJob('user-1', 'job-live', { status: 'complete', lastSeq: 10_010 }, { owner: 'instance-a' })
    expect(await store.getJob('user-1', 'job-live')).toMatchObject({ content: 'Half, again', status: 'complete' })
    expect(inspect(path, db => db.prepare(`SELECT content FROM jobs WHERE id = 'job-live'`).get())).toEqual({ content: 'Half, again' })
    expect(inspect(path, db => db.prepare('SELECT COUNT(*) AS count FROM job_text_chunks').get())).toEqual({ count: 0 })
    expect(await store.deleteThread('user-1', 'thread-1')).toBe(true)
    expect(inspect(path, db => db.prepare('SELECT COUNT(*) AS count FROM job_tool_calls').get())).toEqual({ count: 0 })
  })

  it('refuses to return a row that does not match its schema instead of casting it', async () => {
    const path = freshPath()
    const store = open(path)
    const thread = await store.createThread('user-1', {})
    const writer = new Database(path)
    writer.prepare(`UPDATE threads SET enabled_tools = '{"not":"a list"}' WHERE id = ?`).run(thread.id)
    writer.close()
    await expect(store.getThread('user-1', thread.id)).rejects.toThrow()
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
