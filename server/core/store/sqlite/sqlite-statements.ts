// The SQL statements of the SQLite store about threads, messages, turns, search and the per-user feed,
// prepared once per database when the store opens. Job statements: sqlite-job-statements.ts.
// Statements only: transactions and the mapping to shared types live in the sqlite-store files.
import type { Database } from 'better-sqlite3'
import { ACTIVE_JOB_STATUSES } from '#shared/types/job'
import type {
  MessageRow, MessageWithJobRow, SequencedMessageRow, ThreadRow, ThreadSummaryRow, UserEventRow,
} from './sqlite-rows'

/** A SQL list of literal values (the statuses are fixed identifiers, never user input). */
export const sqlList = (values: readonly string[]): string => values.map(value => `'${value}'`).join(', ')
export const ACTIVE = sqlList(ACTIVE_JOB_STATUSES)

/** The name of the SQL function the store registers for literal, case-insensitive matching (thread-search.ts). */
export const TEXT_MATCHES_FUNCTION = 'errand_text_matches'

/** A thread row with the id of its newest queued or streaming job, as listed. */
const THREAD_SUMMARY_COLUMNS = `threads.*, (
    SELECT jobs.id FROM jobs WHERE jobs.thread_id = threads.id AND jobs.status IN (${ACTIVE})
    ORDER BY jobs.created_at DESC, jobs.sequence DESC LIMIT 1
  ) AS active_job_id`
/** Messages of @threadId after (or before) the message at (@createdAt, @sequence). */
const LATER_MESSAGE = 'thread_id = @threadId AND (created_at, sequence) > (@createdAt, @sequence)'

interface Owned { userId: string }
interface OwnedThread extends Owned { threadId: string }
interface Timed { now: number }
interface MessagePosition { threadId: string, createdAt: number, sequence: number }

/** Prepares the thread, message and feed statements on an opened, migrated database. */
export function prepareSqliteStatements(database: Database) {
  return {
    insertThread: database.prepare<ThreadRow>(`INSERT INTO threads (id, user_id, title, disabled_tools, enabled_tools, model,
        created_at, updated_at)
      VALUES (@id, @user_id, @title, @disabled_tools, @enabled_tools, @model, @created_at, @updated_at)`),
    selectThread: database.prepare<OwnedThread, ThreadRow>('SELECT * FROM threads WHERE id = @threadId AND user_id = @userId'),
    listThreads: database.prepare<Owned, ThreadSummaryRow>(`SELECT ${THREAD_SUMMARY_COLUMNS}
      FROM threads WHERE user_id = @userId ORDER BY updated_at DESC, sequence DESC`),
    searchThreads: database.prepare<Owned & { query: string, limit: number }, ThreadSummaryRow>(`SELECT ${THREAD_SUMMARY_COLUMNS}
      FROM threads WHERE user_id = @userId AND (${TEXT_MATCHES_FUNCTION}(title, @query) OR EXISTS (
        SELECT 1 FROM messages WHERE messages.thread_id = threads.id AND ${TEXT_MATCHES_FUNCTION}(messages.content, @query)))
      ORDER BY updated_at DESC, sequence DESC LIMIT @limit`),
    /** Null parameters leave their column unchanged, except `model`, which `setModel` decides. */
    updateThread: database.prepare<OwnedThread & Timed & {
      title: string | null, disabledTools: string | null, enabledTools: string | null, setModel: number, model: string | null
    }, ThreadRow>(`UPDATE threads SET title = COALESCE(@title, title), disabled_tools = COALESCE(@disabledTools, disabled_tools),
        enabled_tools = COALESCE(@enabledTools, enabled_tools), model = CASE WHEN @setModel = 1 THEN @model ELSE model END,
        updated_at = @now WHERE id = @threadId AND user_id = @userId RETURNING *`),
    updateThreadAfterTurn: database.prepare<{ threadId: string, title: string, now: number }, ThreadRow>(
      'UPDATE threads SET title = @title, updated_at = @now WHERE id = @threadId RETURNING *'),
    deleteThread: database.prepare<OwnedThread>('DELETE FROM threads WHERE id = @threadId AND user_id = @userId'),

    insertMessage: database.prepare<MessageRow>(`INSERT INTO messages (id, thread_id, user_id, role, content, attachments, job_id, status,
        error, model, is_demo, tool_calls, usage, created_at)
      VALUES (@id, @thread_id, @user_id, @role, @content, @attachments, @job_id, @status, @error, @model, @is_demo, @tool_calls, @usage,
        @created_at)`),
    /** Rewrites a message in place (its id, thread, role and time stay). */
    updateMessage: database.prepare<MessageRow>(`UPDATE messages SET content = @content, job_id = @job_id, status = @status,
        error = @error, model = @model, is_demo = @is_demo, tool_calls = @tool_calls, usage = @usage WHERE id = @id`),
    /** An unfinished job's output is assembled from its chunk and tool-call rows; a finished one's is on the message. */
    listMessages: database.prepare<OwnedThread, MessageWithJobRow>(`SELECT messages.*, jobs.status AS job_status,
        CASE WHEN jobs.status IN (${ACTIVE}) THEN jobs.content || COALESCE((SELECT group_concat(text, '' ORDER BY idx)
          FROM job_text_chunks WHERE job_id = jobs.id), '') END AS job_content,
        CASE WHEN jobs.status IN (${ACTIVE}) THEN (SELECT json_group_array(json(state) ORDER BY ordinal)
          FROM job_tool_calls WHERE job_id = jobs.id) END AS job_tool_calls,
        jobs.usage AS job_usage, jobs.error AS job_error
      FROM messages LEFT JOIN jobs ON jobs.id = messages.job_id
      WHERE messages.thread_id = @threadId AND messages.user_id = @userId
      ORDER BY messages.created_at, messages.sequence`),
    selectOwnedMessage: database.prepare<Owned & { messageId: string, role: string }, SequencedMessageRow>(
      'SELECT * FROM messages WHERE id = @messageId AND user_id = @userId AND role = @role'),
    listLaterMessages: database.prepare<MessagePosition, SequencedMessageRow>(
      `SELECT * FROM messages WHERE ${LATER_MESSAGE} ORDER BY created_at, sequence`),
    deleteLaterMessages: database.prepare<MessagePosition>(`DELETE FROM messages WHERE ${LATER_MESSAGE}`),
    selectUserMessageBefore: database.prepare<MessagePosition, SequencedMessageRow>(`SELECT * FROM messages
      WHERE thread_id = @threadId AND role = 'user' AND (created_at, sequence) < (@createdAt, @sequence)
      ORDER BY created_at DESC, sequence DESC LIMIT 1`),

    insertUserEvent: database.prepare<Omit<UserEventRow, 'seq'>>(
      'INSERT INTO user_events (user_id, at, body) VALUES (@user_id, @at, @body)'),
    listUserEvents: database.prepare<Owned & { afterSeq: number, limit: number }, UserEventRow>(
      'SELECT * FROM user_events WHERE user_id = @userId AND seq > @afterSeq ORDER BY seq LIMIT @limit'),
    latestUserEventSeq: database.prepare<Owned, { seq: number }>(
      'SELECT COALESCE(MAX(seq), 0) AS seq FROM user_events WHERE user_id = @userId'),
    deleteUserEventsBefore: database.prepare<{ cutoff: number }>('DELETE FROM user_events WHERE at < @cutoff'),
  }
}

/** The prepared thread, message and feed statements of one SQLite store. */
export type SqliteStatements = ReturnType<typeof prepareSqliteStatements>
