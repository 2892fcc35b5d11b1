// Every SQL statement of the SQLite store, prepared once per database when the store opens.
// Statements only: transactions and the mapping to shared types live in sqlite-store.ts / sqlite-rows.ts.
import type { Database } from 'better-sqlite3'
import { ACTIVE_JOB_STATUSES, TERMINAL_JOB_STATUSES } from '#shared/types/job'
import { UNFINISHED_JOB_STATUSES } from '../../../../shared/rules/job-recovery-rules'
import type { JobRow, MessageRow, MessageWithJobRow, ThreadRow, ThreadSummaryRow } from './sqlite-rows'

const sqlList = (values: readonly string[]): string => values.map(value => `'${value}'`).join(', ')
const TERMINAL = sqlList(TERMINAL_JOB_STATUSES)
/** Matches the user's job while it can still change. */
const CHANGEABLE_JOB = `id = @jobId AND user_id = @userId AND status NOT IN (${TERMINAL})`
/** Matches a job that is not terminal and whose lease @owner holds. */
const HELD_JOB = `id = @jobId AND lease_owner = @owner AND status NOT IN (${TERMINAL})`
/** Matches a job whose lease nobody holds at @now (see internal/job-recovery-rules.ts). */
const LEASE_FREE = '(lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at < @now)'

interface Owned { userId: string }
interface OwnedThread extends Owned { threadId: string }
interface OwnedJob extends Owned { jobId: string }
interface Timed { now: number }
interface Leased { jobId: string, owner: string }

/** Prepares the statements of the SQLite store on an opened, migrated database. */
export function prepareSqliteStatements(database: Database) {
  return {
    insertThread: database.prepare<ThreadRow>(`INSERT INTO threads (id, user_id, title, disabled_tools, created_at, updated_at)
      VALUES (@id, @user_id, @title, @disabled_tools, @created_at, @updated_at)`),
    selectThread: database.prepare<OwnedThread, ThreadRow>('SELECT * FROM threads WHERE id = @threadId AND user_id = @userId'),
    listThreads: database.prepare<Owned, ThreadSummaryRow>(`SELECT threads.*, (
        SELECT jobs.id FROM jobs WHERE jobs.thread_id = threads.id AND jobs.status IN (${sqlList(ACTIVE_JOB_STATUSES)})
        ORDER BY jobs.created_at DESC, jobs.sequence DESC LIMIT 1
      ) AS active_job_id
      FROM threads WHERE user_id = @userId ORDER BY updated_at DESC, sequence DESC`),
    updateThread: database.prepare<OwnedThread & Timed & { title: string | null, disabledTools: string | null }, ThreadRow>(
      `UPDATE threads SET title = COALESCE(@title, title), disabled_tools = COALESCE(@disabledTools, disabled_tools),
        updated_at = @now WHERE id = @threadId AND user_id = @userId RETURNING *`),
    updateThreadAfterTurn: database.prepare<{ threadId: string, title: string, now: number }>(
      'UPDATE threads SET title = @title, updated_at = @now WHERE id = @threadId'),
    deleteThread: database.prepare<OwnedThread>('DELETE FROM threads WHERE id = @threadId AND user_id = @userId'),

    insertMessage: database.prepare<MessageRow>(`INSERT INTO messages (id, thread_id, user_id, role, content, job_id, status,
        error, model, is_demo, tool_calls, usage, created_at)
      VALUES (@id, @thread_id, @user_id, @role, @content, @job_id, @status, @error, @model, @is_demo, @tool_calls, @usage,
        @created_at)`),
    listMessages: database.prepare<OwnedThread, MessageWithJobRow>(`SELECT messages.*, jobs.status AS job_status,
        jobs.content AS job_content, jobs.tool_calls AS job_tool_calls, jobs.usage AS job_usage, jobs.error AS job_error
      FROM messages LEFT JOIN jobs ON jobs.id = messages.job_id
      WHERE messages.thread_id = @threadId AND messages.user_id = @userId
      ORDER BY messages.created_at, messages.sequence`),

    insertJob: database.prepare<JobRow>(`INSERT INTO jobs (id, user_id, thread_id, message_id, kind, status, model, is_demo,
        content, chunks_received, tool_calls, tool_rounds, usage, error, last_seq, created_at, started_at, finished_at,
        updated_at, attempts, lease_owner, lease_expires_at, checkpoint)
      VALUES (@id, @user_id, @thread_id, @message_id, @kind, @status, @model, @is_demo, @content, @chunks_received,
        @tool_calls, @tool_rounds, @usage, @error, @last_seq, @created_at, @started_at, @finished_at, @updated_at,
        @attempts, @lease_owner, @lease_expires_at, @checkpoint)`),
    countActiveJobs: database.prepare<Owned, { count: number }>(
      `SELECT COUNT(*) AS count FROM jobs WHERE user_id = @userId AND status IN (${sqlList(ACTIVE_JOB_STATUSES)})`),
    selectJob: database.prepare<OwnedJob, JobRow>('SELECT * FROM jobs WHERE id = @jobId AND user_id = @userId'),
    /** `statuses` is a JSON array (null: any status); `threadId` null: any thread. */
    listJobs: database.prepare<Owned & { threadId: string | null, statuses: string | null }, JobRow>(`SELECT * FROM jobs
      WHERE user_id = @userId AND (@threadId IS NULL OR thread_id = @threadId)
        AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
      ORDER BY created_at DESC, sequence DESC`),
    markJobStreaming: database.prepare<OwnedJob & Timed>(`UPDATE jobs SET status = 'streaming', started_at = @now,
      updated_at = @now WHERE id = @jobId AND user_id = @userId AND status = 'queued'`),
    markMessageStreaming: database.prepare<{ jobId: string }>(
      `UPDATE messages SET status = 'streaming' WHERE id = (SELECT message_id FROM jobs WHERE id = @jobId)`),
    appendJobContent: database.prepare<OwnedJob & Timed & { text: string, chunks: number, lastSeq: number }>(
      `UPDATE jobs SET content = content || @text, chunks_received = chunks_received + @chunks, last_seq = @lastSeq,
        updated_at = @now WHERE ${CHANGEABLE_JOB}`),
    selectChangeableJobToolCalls: database.prepare<OwnedJob, { tool_calls: string }>(
      `SELECT tool_calls FROM jobs WHERE ${CHANGEABLE_JOB}`),
    updateJobToolCalls: database.prepare<{ jobId: string, toolCalls: string, now: number }>(
      'UPDATE jobs SET tool_calls = @toolCalls, updated_at = @now WHERE id = @jobId'),
    /** Null parameters leave their column unchanged. */
    updateJobMetadata: database.prepare<OwnedJob & Timed & { usage: string | null, toolRounds: string | null, lastSeq: number | null }>(
      `UPDATE jobs SET usage = COALESCE(@usage, usage), tool_rounds = COALESCE(@toolRounds, tool_rounds),
        last_seq = COALESCE(@lastSeq, last_seq), updated_at = @now WHERE ${CHANGEABLE_JOB}`),
    finishJob: database.prepare<OwnedJob & Timed & { status: string, error: string | null, lastSeq: number }>(
      `UPDATE jobs SET status = @status, error = @error, last_seq = @lastSeq, finished_at = @now, updated_at = @now,
        lease_owner = NULL, lease_expires_at = NULL
      WHERE ${CHANGEABLE_JOB}`),
    saveCheckpoint: database.prepare<OwnedJob & Timed & { checkpoint: string }>(
      `UPDATE jobs SET checkpoint = @checkpoint, updated_at = @now WHERE ${CHANGEABLE_JOB}`),
    copyJobOutputToMessage: database.prepare<{ jobId: string }>(`UPDATE messages
      SET (content, status, error, tool_calls, usage) = (SELECT content, status, error, tool_calls, usage FROM jobs WHERE id = @jobId)
      WHERE id = (SELECT message_id FROM jobs WHERE id = @jobId)`),
    touchThreadOfJob: database.prepare<{ jobId: string, now: number }>(
      'UPDATE threads SET updated_at = @now WHERE id = (SELECT thread_id FROM jobs WHERE id = @jobId)'),

    deleteFinishedJobs: database.prepare<{ cutoff: number }>(
      `DELETE FROM jobs WHERE status IN (${TERMINAL}) AND finished_at < @cutoff`),
    listUnfinishedJobs: database.prepare<[], JobRow>(`SELECT * FROM jobs
      WHERE status IN (${sqlList(UNFINISHED_JOB_STATUSES)}) ORDER BY created_at, sequence`),

    /** One statement, so the guard and the write are atomic: of two racing claims exactly one matches. */
    claimJobLease: database.prepare<Leased & Timed & { expiresAt: number }, JobRow>(`UPDATE jobs
      SET attempts = attempts + (CASE WHEN lease_owner IS @owner THEN 0 ELSE 1 END),
        lease_owner = @owner, lease_expires_at = @expiresAt
      WHERE id = @jobId AND status NOT IN (${TERMINAL}) AND (${LEASE_FREE} OR lease_owner = @owner)
      RETURNING *`),
    renewJobLease: database.prepare<Leased & { expiresAt: number }>(
      `UPDATE jobs SET lease_expires_at = @expiresAt WHERE ${HELD_JOB}`),
    releaseJobLease: database.prepare<Leased>(
      'UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = @jobId AND lease_owner = @owner'),
    listClaimableJobs: database.prepare<Timed, JobRow>(`SELECT * FROM jobs
      WHERE status IN (${sqlList(UNFINISHED_JOB_STATUSES)}) AND ${LEASE_FREE} ORDER BY created_at, sequence`),
    selectHeldJob: database.prepare<Leased, JobRow>(`SELECT * FROM jobs WHERE ${HELD_JOB}`),
    rewindJob: database.prepare<{ jobId: string, now: number, content: string, toolCalls: string }, JobRow>(`UPDATE jobs
      SET content = @content, tool_calls = @toolCalls, status = 'streaming', started_at = COALESCE(started_at, @now),
        updated_at = @now
      WHERE id = @jobId RETURNING *`),
  }
}

/** The prepared statements of one SQLite store. */
export type SqliteStatements = ReturnType<typeof prepareSqliteStatements>
