// Regenerate and edit-and-resend in the SQLite store, each one immediate transaction that checks
// everything (owner, role, idle thread, admission) before it deletes or writes anything, so a refusal
// leaves the file as it was. Creating turns, search and reading threads live in sqlite-store.ts.
import type { Database } from 'better-sqlite3'
import type { Message, Thread } from '#shared/types/thread'
import { type CreatedTurn, type RestartTurnInput, type Store, TooManyActiveJobsError, TurnBusyError } from '../ports'
import { jobFeedBody } from '../../../../shared/rules/user-feed-records'
import { buildAnswer, buildRegeneratedAnswer } from '../store-records'
import type { SqliteStoreStatements } from './sqlite-job-statements'
import { jobToRow, messageFromRow, messageToRow, type SequencedMessageRow, threadFromRow, userEventToRow } from './sqlite-rows'

/** Throws TooManyActiveJobsError when the user already has `limit` active root jobs. */
export function admitSqliteRootJob(statements: SqliteStoreStatements, userId: string, limit: number | undefined): void {
  if (limit !== undefined && (statements.countActiveRootJobs.get({ userId })?.count ?? 0) >= limit) {
    throw new TooManyActiveJobsError(limit)
  }
}

/** Builds regenerateTurn and editTurn over an opened store's database and statements. */
export function createSqliteTurnRestart(database: Database, statements: SqliteStoreStatements): Pick<Store, 'regenerateTurn' | 'editTurn'> {
  /** The user's message of `role` and its thread, after the busy and admission checks; null when not the user's. */
  const restartPoint = (userId: string, messageId: string, role: Message['role'], input: RestartTurnInput) => {
    const row = statements.selectOwnedMessage.get({ userId, messageId, role })
    if (!row) return null
    const threadRow = statements.selectThread.get({ userId, threadId: row.thread_id })
    if (!threadRow) return null
    if ((statements.countActiveThreadJobs.get({ threadId: row.thread_id })?.count ?? 0) > 0) throw new TurnBusyError()
    admitSqliteRootJob(statements, userId, input.maxActiveJobsPerUser)
    return { row, thread: threadFromRow(threadRow), position: { threadId: row.thread_id, createdAt: row.created_at, sequence: row.sequence } }
  }

  /** Deletes the messages after `row` with their jobs, plus the job of `row` itself when asked, with all descendants. */
  const dropLaterMessages = (row: SequencedMessageRow, alsoOwnJob: boolean): void => {
    const position = { threadId: row.thread_id, createdAt: row.created_at, sequence: row.sequence }
    const jobIds = statements.listLaterMessages.all(position).flatMap(later => (later.job_id ? [later.job_id] : []))
    if (alsoOwnJob && row.job_id) jobIds.push(row.job_id)
    statements.deleteLaterMessages.run(position)
    statements.deleteJobTrees.run({ ids: JSON.stringify(jobIds), threadId: null })
  }

  /** Writes the new queued job and its feed event. */
  const storeJob = (thread: Thread, answer: Pick<CreatedTurn, 'job'>, now: number): void => {
    statements.insertJob.run(jobToRow(answer.job))
    statements.insertUserEvent.run(userEventToRow(thread.userId, jobFeedBody(answer.job), now))
  }

  const regenerate = database.transaction((userId: string, assistantMessageId: string, input: RestartTurnInput) => {
    const point = restartPoint(userId, assistantMessageId, 'assistant', input)
    if (!point) return null
    const userRow = statements.selectUserMessageBefore.get(point.position)
    if (!userRow) return null
    dropLaterMessages(point.row, true)
    const now = Date.now()
    const answer = buildRegeneratedAnswer(point.thread, messageFromRow(point.row), input, now)
    statements.updateMessage.run(messageToRow(answer.assistantMessage))
    storeJob(point.thread, answer, now)
    return { userMessage: messageFromRow(userRow), ...answer }
  })

  const edit = database.transaction((userId: string, userMessageId: string, input: RestartTurnInput & { content: string }) => {
    const point = restartPoint(userId, userMessageId, 'user', input)
    if (!point) return null
    dropLaterMessages(point.row, false)
    const userMessage = { ...messageFromRow(point.row), content: input.content }
    statements.updateMessage.run(messageToRow(userMessage))
    const now = Date.now()
    const answer = buildAnswer(point.thread, input, now)
    statements.insertMessage.run(messageToRow(answer.assistantMessage))
    storeJob(point.thread, answer, now)
    return { userMessage, ...answer }
  })

  return {
    async regenerateTurn(userId, assistantMessageId, input) {
      return regenerate.immediate(userId, assistantMessageId, input)
    },

    async editTurn(userId, userMessageId, input) {
      return edit.immediate(userId, userMessageId, input)
    },
  }
}
