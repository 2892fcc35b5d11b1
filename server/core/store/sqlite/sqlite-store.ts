// The SQLite store provider (the default): one database file, durable across restarts, opened with
// WAL, foreign keys and a busy timeout, migrated at open. better-sqlite3 is synchronous; the methods
// are async only to honour the Store contract. Every write that records a feed event does so in its
// own transaction. SQL text lives in sqlite-statements.ts / sqlite-job-statements.ts; job writes in
// sqlite-job-writes.ts; text chunks and tool-call rows in sqlite-job-output.ts; leases and rewinds in
// sqlite-job-recovery.ts; regenerate/edit in sqlite-turn-restart.ts.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { CreateJobInput, CreateTurnInput, Store, ThreadPatch } from '../ports'
import { textMatchesQuery } from '../../../../shared/rules/thread-search'
import { titleAfterTurn } from '../../../../shared/rules/thread-title'
import { jobFeedBody, threadDeletedFeedBody, threadFeedBody } from '../../../../shared/rules/user-feed-records'
import { buildDetachedJob, buildThread, buildTurn, withLiveJobOutput } from '../store-records'
import { createSqliteJobRecovery } from './sqlite-job-recovery'
import { prepareSqliteStoreStatements } from './sqlite-job-statements'
import { createSqliteJobWrites } from './sqlite-job-writes'
import { createGroupCommit } from './sqlite-group-commit'
import { startWalCheckpointer } from './sqlite-wal-checkpointer'
import { createSqliteWorkflowResults } from './sqlite-workflow-results'
import { applySqliteMigrations } from './sqlite-migrations'
import { readSqliteJob } from './sqlite-job-output'
import {
  jobOutputFromRow, jobToRow, messageFromRow, messageToRow, threadFromRow, threadSummaryFromRow, threadToRow,
  userEventFromRow, userEventToRow,
} from './sqlite-rows'
import { TEXT_MATCHES_FUNCTION } from './sqlite-statements'
import { createSqliteTraces } from './sqlite-traces'
import { admitSqliteRootJob, createSqliteTurnRestart } from './sqlite-turn-restart'
import type { TurnGate } from '../../scheduling/turn-gate'

/** Where the SQLite store keeps its data. */
export interface SqliteStoreOptions {
  /** A file path (its folder is created when missing) or `:memory:` for a throw-away database. */
  path: string
  /** Lets the callers of committed hot writes go on within the server's per-turn budget; default: all at once. */
  turnGate?: TurnGate
}

/** Opens the database with the pragmas and SQL functions the store relies on and applies any missing migration. */
function openDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const database = new Database(path)
  database.pragma('journal_mode = WAL')
  // WAL with synchronous NORMAL: a commit is safe against a crash of the process (the OS holds it); only
  // a power cut can lose the last commits, and a job then resumes from an earlier checkpoint.
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  database.function(TEXT_MATCHES_FUNCTION, { deterministic: true }, (text: unknown, query: unknown) =>
    (typeof text === 'string' && typeof query === 'string' && textMatchesQuery(text, query) ? 1 : 0))
  applySqliteMigrations(database)
  return database
}

/** Opens (creating and migrating when needed) a SQLite-backed store. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const database = openDatabase(options.path)
  // A file database checkpoints its WAL in a worker thread (sqlite-wal-checkpointer.ts), not inside a
  // commit on the event loop; when the worker cannot start or dies, SQLite's automatic checkpoints return.
  const checkpointer = options.path === ':memory:'
    ? null
    : startWalCheckpointer(options.path, { onFailure: () => database.open && database.pragma('wal_autocheckpoint = 1000') })
  if (checkpointer) database.pragma('wal_autocheckpoint = 0')
  const statements = prepareSqliteStoreStatements(database)
  const readJob = (row: Parameters<typeof readSqliteJob>[1]) => readSqliteJob(statements, row)
  const recordEvent = (userId: string, body: Parameters<typeof userEventToRow>[1], at: number) =>
    statements.insertUserEvent.run(userEventToRow(userId, body, at))

  const createThread = database.transaction((userId: string, title: string | undefined) => {
    const thread = buildThread(userId, title, Date.now())
    statements.insertThread.run(threadToRow(thread))
    recordEvent(userId, threadFeedBody(thread), thread.createdAt)
    return thread
  })

  const updateThread = database.transaction((userId: string, threadId: string, patch: ThreadPatch) => {
    const now = Date.now()
    const row = statements.updateThread.get({
      userId,
      threadId,
      now,
      title: patch.title ?? null,
      disabledTools: patch.disabledTools ? JSON.stringify(patch.disabledTools) : null,
      enabledTools: patch.enabledTools ? JSON.stringify(patch.enabledTools) : null,
      setModel: patch.model === undefined ? 0 : 1,
      model: patch.model ?? null,
    })
    if (!row) return null
    const thread = threadFromRow(row)
    recordEvent(userId, threadFeedBody(thread), now)
    return thread
  })

  const deleteThread = database.transaction((userId: string, threadId: string) => {
    if (!statements.selectThread.get({ userId, threadId })) return false
    statements.deleteJobTrees.run({ ids: '[]', threadId })
    statements.deleteThread.run({ userId, threadId })
    recordEvent(userId, threadDeletedFeedBody(threadId), Date.now())
    return true
  })

  const createTurn = database.transaction((userId: string, input: CreateTurnInput) => {
    const row = statements.selectThread.get({ userId, threadId: input.threadId })
    if (!row) return null
    admitSqliteRootJob(statements, userId, input.maxActiveJobsPerUser)
    const now = Date.now()
    const turn = buildTurn(threadFromRow(row), input, now)
    statements.insertMessage.run(messageToRow(turn.userMessage))
    statements.insertMessage.run(messageToRow(turn.assistantMessage))
    statements.insertJob.run(jobToRow(turn.job))
    const updated = statements.updateThreadAfterTurn.get({ threadId: row.id, title: titleAfterTurn(row.title, input.content), now })
    if (updated) recordEvent(userId, threadFeedBody(threadFromRow(updated)), now)
    recordEvent(userId, jobFeedBody(turn.job), now)
    return turn
  })

  const createJob = database.transaction((userId: string, input: CreateJobInput) => {
    if (input.threadId != null && !statements.selectThread.get({ userId, threadId: input.threadId })) return null
    if (input.parentJobId != null && !statements.selectJob.get({ userId, jobId: input.parentJobId })) return null
    if (input.parentJobId == null) admitSqliteRootJob(statements, userId, input.maxActiveJobsPerUser)
    const job = buildDetachedJob(userId, input, Date.now())
    statements.insertJob.run(jobToRow(job))
    recordEvent(userId, jobFeedBody(job), job.createdAt)
    return job
  })

  /** One consistent read of the job row and the rows beside it. */
  const readJobOf = database.transaction((userId: string, jobId: string) => {
    const row = statements.selectJob.get({ userId, jobId })
    return row ? readJob(row) : null
  })

  const deleteFinished = database.transaction((cutoff: number) => {
    const deleted = statements.deleteFinishedJobs.run({ cutoff }).changes
    statements.deleteUserEventsBefore.run({ cutoff })
    return deleted
  })

  // A running job's writes (and traces), and the writes a burst of new chats makes (threads, turns,
  // lease claims), of one event-loop turn share one commit.
  const group = createGroupCommit(database, { turnGate: options.turnGate })

  return {
    provider: 'sqlite',
    ...createSqliteJobRecovery(database, statements, group),
    ...createSqliteJobWrites(database, statements, group),
    ...createSqliteWorkflowResults(database),
    ...createSqliteTurnRestart(database, statements),
    ...createSqliteTraces(database, group),

    createThread(userId, input) {
      return group.run(() => createThread(userId, input.title))
    },

    async getThread(userId, threadId) {
      const row = statements.selectThread.get({ userId, threadId })
      return row ? threadFromRow(row) : null
    },

    async listThreads(userId) {
      return statements.listThreads.all({ userId }).map(threadSummaryFromRow)
    },

    updateThread(userId, threadId, patch) {
      return group.run(() => updateThread(userId, threadId, patch))
    },

    async deleteThread(userId, threadId) {
      return deleteThread.immediate(userId, threadId)
    },

    async listMessages(userId, threadId) {
      return statements.listMessages.all({ userId, threadId })
        .map(row => withLiveJobOutput(messageFromRow(row), jobOutputFromRow(row)))
    },

    createTurn(userId, input) {
      return group.run(() => createTurn(userId, input))
    },

    async searchThreads(userId, query, limit) {
      return statements.searchThreads.all({ userId, query, limit: Math.max(0, limit) }).map(threadSummaryFromRow)
    },

    async createJob(userId, input) {
      return createJob.immediate(userId, input)
    },

    async listChildJobs(userId, parentJobId) {
      return statements.listChildJobs.all({ userId, parentJobId }).map(readJob)
    },

    async getJob(userId, jobId) {
      return readJobOf(userId, jobId)
    },

    async listJobs(userId, filter = {}) {
      return statements.listJobs.all({
        userId,
        threadId: filter.threadId ?? null,
        parentJobId: filter.parentJobId ?? null,
        statuses: filter.statuses ? JSON.stringify(filter.statuses) : null,
        kinds: filter.kinds ? JSON.stringify(filter.kinds) : null,
      }).map(readJob)
    },

    async listUserEvents(userId, afterSeq, limit) {
      return statements.listUserEvents.all({ userId, afterSeq, limit: Math.max(0, limit) }).map(userEventFromRow)
    },

    async latestUserEventSeq(userId) {
      return statements.latestUserEventSeq.get({ userId })?.seq ?? 0
    },

    async systemDeleteFinishedJobs(cutoff) {
      return deleteFinished.immediate(cutoff)
    },

    async systemListUnfinishedJobs() {
      return statements.listUnfinishedJobs.all().map(readJob)
    },

    async close() {
      await checkpointer?.stop()
      if (database.open) database.close()
    },
  }
}
