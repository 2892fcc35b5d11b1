// The SQLite store provider (the default): one database file, durable across restarts, opened with
// WAL, foreign keys and a busy timeout, migrated at open. better-sqlite3 is synchronous; the methods
// are async only to honour the Store contract. SQL text lives in sqlite-statements.ts; leases and
// rewinds in sqlite-job-recovery.ts.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { ToolCallState } from '#shared/types/tool-call'
import { upsertToolCall } from '#shared/utils/apply-job-event'
import { type CreateTurnInput, type FinishJobInput, type Store, TooManyActiveJobsError } from '../ports'
import { buildThread, buildTurn, withLiveJobOutput } from '../store-records'
import { titleAfterTurn } from '../../../../shared/rules/thread-title'
import { createSqliteJobRecovery } from './sqlite-job-recovery'
import { applySqliteMigrations } from './sqlite-migrations'
import {
  jobFromRow, jobOutputFromRow, jobToRow, messageFromRow, messageToRow, threadFromRow, threadSummaryFromRow, threadToRow,
} from './sqlite-rows'
import { prepareSqliteStatements } from './sqlite-statements'

/** Where the SQLite store keeps its data. */
export interface SqliteStoreOptions {
  /** A file path (its folder is created when missing) or `:memory:` for a throw-away database. */
  path: string
}

/** Opens the database with the pragmas the store relies on and applies any missing migration. */
function openDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const database = new Database(path)
  database.pragma('journal_mode = WAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  applySqliteMigrations(database)
  return database
}

/** Opens (creating and migrating when needed) a SQLite-backed store. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const database = openDatabase(options.path)
  const statements = prepareSqliteStatements(database)

  const createTurn = database.transaction((userId: string, input: CreateTurnInput) => {
    const row = statements.selectThread.get({ userId, threadId: input.threadId })
    if (!row) return null
    const limit = input.maxActiveJobsPerUser
    if (limit !== undefined && (statements.countActiveJobs.get({ userId })?.count ?? 0) >= limit) {
      throw new TooManyActiveJobsError(limit)
    }
    const now = Date.now()
    const turn = buildTurn(threadFromRow(row), input, now)
    statements.insertMessage.run(messageToRow(turn.userMessage))
    statements.insertMessage.run(messageToRow(turn.assistantMessage))
    statements.insertJob.run(jobToRow(turn.job))
    statements.updateThreadAfterTurn.run({ threadId: row.id, title: titleAfterTurn(row.title, input.content), now })
    return turn
  })

  const markJobStreaming = database.transaction((userId: string, jobId: string) => {
    const changed = statements.markJobStreaming.run({ userId, jobId, now: Date.now() }).changes
    if (changed > 0) statements.markMessageStreaming.run({ jobId })
  })

  const appendToolCall = database.transaction((userId: string, jobId: string, toolCall: ToolCallState) => {
    const row = statements.selectChangeableJobToolCalls.get({ userId, jobId })
    if (!row) return
    const toolCalls = upsertToolCall(JSON.parse(row.tool_calls) as ToolCallState[], toolCall)
    statements.updateJobToolCalls.run({ jobId, toolCalls: JSON.stringify(toolCalls), now: Date.now() })
  })

  const finishJob = database.transaction((userId: string, jobId: string, input: FinishJobInput) => {
    const now = Date.now()
    const parameters = { userId, jobId, now, status: input.status, error: input.error ?? null, lastSeq: input.lastSeq }
    if (statements.finishJob.run(parameters).changes === 0) return
    statements.copyJobOutputToMessage.run({ jobId })
    statements.touchThreadOfJob.run({ jobId, now })
  })

  return {
    provider: 'sqlite',
    ...createSqliteJobRecovery(database, statements),

    async createThread(userId, input) {
      const thread = buildThread(userId, input.title, Date.now())
      statements.insertThread.run(threadToRow(thread))
      return thread
    },

    async getThread(userId, threadId) {
      const row = statements.selectThread.get({ userId, threadId })
      return row ? threadFromRow(row) : null
    },

    async listThreads(userId) {
      return statements.listThreads.all({ userId }).map(threadSummaryFromRow)
    },

    async updateThread(userId, threadId, patch) {
      const row = statements.updateThread.get({
        userId,
        threadId,
        now: Date.now(),
        title: patch.title ?? null,
        disabledTools: patch.disabledTools ? JSON.stringify(patch.disabledTools) : null,
      })
      return row ? threadFromRow(row) : null
    },

    async deleteThread(userId, threadId) {
      return statements.deleteThread.run({ userId, threadId }).changes > 0
    },

    async listMessages(userId, threadId) {
      return statements.listMessages.all({ userId, threadId })
        .map(row => withLiveJobOutput(messageFromRow(row), jobOutputFromRow(row)))
    },

    async createTurn(userId, input) {
      return createTurn(userId, input)
    },

    async getJob(userId, jobId) {
      const row = statements.selectJob.get({ userId, jobId })
      return row ? jobFromRow(row) : null
    },

    async listJobs(userId, filter = {}) {
      const statuses = filter.statuses ? JSON.stringify(filter.statuses) : null
      return statements.listJobs.all({ userId, threadId: filter.threadId ?? null, statuses }).map(jobFromRow)
    },

    async markJobStreaming(userId, jobId) {
      markJobStreaming(userId, jobId)
    },

    async appendJobContent(userId, jobId, append) {
      statements.appendJobContent.run({ userId, jobId, now: Date.now(), ...append })
    },

    async appendToolCall(userId, jobId, toolCall) {
      appendToolCall(userId, jobId, toolCall)
    },

    async updateJobMetadata(userId, jobId, patch) {
      statements.updateJobMetadata.run({
        userId,
        jobId,
        now: Date.now(),
        usage: patch.usage ? JSON.stringify(patch.usage) : null,
        toolRounds: patch.toolRounds ? JSON.stringify(patch.toolRounds) : null,
        lastSeq: patch.lastSeq ?? null,
      })
    },

    async finishJob(userId, jobId, input) {
      finishJob(userId, jobId, input)
    },

    async saveCheckpoint(userId, jobId, checkpoint) {
      statements.saveCheckpoint.run({ userId, jobId, now: Date.now(), checkpoint: JSON.stringify(checkpoint) })
    },

    async systemDeleteFinishedJobs(cutoff) {
      return statements.deleteFinishedJobs.run({ cutoff }).changes
    },

    async systemListUnfinishedJobs() {
      return statements.listUnfinishedJobs.all().map(jobFromRow)
    },

    async close() {
      if (database.open) database.close()
    },
  }
}
