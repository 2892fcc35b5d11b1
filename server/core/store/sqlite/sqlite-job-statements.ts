// The SQL statements of the SQLite store about jobs: reads, lease-fenced writes, the terminal
// transition, deletion of job trees, leases and recovery. Prepared once per database. Every fenced
// write starts with one guarded statement on the job row (the lease check and the write cannot be
// split); text chunks and tool-call rows follow it in the same transaction (sqlite-job-output-statements.ts).
import type { Database } from 'better-sqlite3'
import { TERMINAL_JOB_STATUSES } from '#shared/types/job'
import { UNFINISHED_JOB_STATUSES } from '../../../../shared/rules/job-recovery-rules'
import { prepareSqliteJobOutputStatements, type SqliteJobOutputStatements } from './sqlite-job-output-statements'
import type { JobRow } from './sqlite-rows'
import { ACTIVE, prepareSqliteStatements, type SqliteStatements, sqlList } from './sqlite-statements'

const TERMINAL = sqlList(TERMINAL_JOB_STATUSES)
/** The user's job while @owner holds its lease and it can still change (see job-fence-rules.ts). */
const FENCED_JOB = `id = @jobId AND user_id = @userId AND lease_owner = @owner AND status NOT IN (${TERMINAL})`
/** A job that is not terminal and whose lease @owner holds. */
const HELD_JOB = `id = @jobId AND lease_owner = @owner AND status NOT IN (${TERMINAL})`
/** A job whose lease nobody holds at @now (see job-recovery-rules.ts). */
const LEASE_FREE = '(lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at < @now)'

interface Owned { userId: string }
interface OwnedJob extends Owned { jobId: string }
interface Fenced extends OwnedJob { owner: string }
interface Timed { now: number }
interface Leased { jobId: string, owner: string }

/** Prepares the job statements on an opened, migrated database. */
export function prepareSqliteJobStatements(database: Database) {
  return {
    insertJob: database.prepare<JobRow>(`INSERT INTO jobs (id, user_id, thread_id, message_id, parent_job_id, kind, title,
        input, status, model, is_demo, content, chunks_received, tool_rounds, usage, error, last_seq, created_at,
        started_at, finished_at, updated_at, attempts, lease_owner, lease_expires_at, checkpoint, abort_requested_at,
        result_read_at, text_floor)
      VALUES (@id, @user_id, @thread_id, @message_id, @parent_job_id, @kind, @title, @input, @status, @model, @is_demo,
        @content, @chunks_received, @tool_rounds, @usage, @error, @last_seq, @created_at, @started_at,
        @finished_at, @updated_at, @attempts, @lease_owner, @lease_expires_at, @checkpoint, @abort_requested_at,
        @result_read_at, @text_floor)`),
    /** Admission counts only root jobs (job-fence-rules.ts: countsForAdmission). */
    countActiveRootJobs: database.prepare<Owned, { count: number }>(`SELECT COUNT(*) AS count FROM jobs
      WHERE user_id = @userId AND parent_job_id IS NULL AND status IN (${ACTIVE})`),
    countActiveThreadJobs: database.prepare<{ threadId: string }, { count: number }>(
      `SELECT COUNT(*) AS count FROM jobs WHERE thread_id = @threadId AND status IN (${ACTIVE})`),
    selectJob: database.prepare<OwnedJob, JobRow>('SELECT * FROM jobs WHERE id = @jobId AND user_id = @userId'),
    /** What a fenced write that changed nothing needs to know: terminal (ignore) or not held (lost). */
    selectJobFence: database.prepare<OwnedJob, Pick<JobRow, 'status' | 'lease_owner'>>(
      'SELECT status, lease_owner FROM jobs WHERE id = @jobId AND user_id = @userId'),
    /** Each filter is null for "any"; `statuses` and `kinds` are JSON arrays. */
    listJobs: database.prepare<Owned & {
      threadId: string | null, parentJobId: string | null, statuses: string | null, kinds: string | null
    }, JobRow>(`SELECT * FROM jobs
      WHERE user_id = @userId AND (@threadId IS NULL OR thread_id = @threadId)
        AND (@parentJobId IS NULL OR parent_job_id = @parentJobId)
        AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
        AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
      ORDER BY created_at DESC, sequence DESC`),
    listChildJobs: database.prepare<Owned & { parentJobId: string }, JobRow>(`SELECT * FROM jobs
      WHERE user_id = @userId AND parent_job_id = @parentJobId ORDER BY created_at, sequence`),

    markJobStreaming: database.prepare<Fenced & Timed, JobRow>(`UPDATE jobs SET status = 'streaming', started_at = @now,
      updated_at = @now WHERE ${FENCED_JOB} AND status = 'queued' RETURNING *`),
    markMessageStreaming: database.prepare<{ jobId: string }>(
      `UPDATE messages SET status = 'streaming' WHERE id = (SELECT message_id FROM jobs WHERE id = @jobId)`),
    /** The job-row half of an append (the text goes into a chunk row, sqlite-job-output.ts). */
    appendJobContent: database.prepare<Fenced & Timed & { chunks: number, lastSeq: number }>(
      `UPDATE jobs SET chunks_received = chunks_received + @chunks, last_seq = MAX(last_seq, @lastSeq),
        updated_at = @now WHERE ${FENCED_JOB}`),
    /** The job-row half of a tool-call write: lastSeq raised to @seq (null: kept), updatedAt touched. */
    touchJobForToolCalls: database.prepare<Fenced & Timed & { seq: number | null }, { last_seq: number }>(
      `UPDATE jobs SET last_seq = MAX(last_seq, COALESCE(@seq, last_seq)), updated_at = @now WHERE ${FENCED_JOB}
      RETURNING last_seq`),
    /** Null parameters leave their column unchanged. */
    updateJobMetadata: database.prepare<Fenced & Timed & { usage: string | null, toolRounds: string | null, lastSeq: number | null }>(
      `UPDATE jobs SET usage = COALESCE(@usage, usage), tool_rounds = COALESCE(@toolRounds, tool_rounds),
        last_seq = COALESCE(@lastSeq, last_seq), updated_at = @now WHERE ${FENCED_JOB}`),
    saveCheckpoint: database.prepare<Fenced & Timed & { checkpoint: string }>(
      `UPDATE jobs SET checkpoint = @checkpoint, updated_at = @now WHERE ${FENCED_JOB}`),
    /** The terminal transition; with @owner null (a stop of a job nobody holds) the lease is not checked. */
    finishJob: database.prepare<OwnedJob & Timed & { owner: string | null, status: string, error: string | null, lastSeq: number }, JobRow>(
      `UPDATE jobs SET status = @status, error = @error, last_seq = @lastSeq, finished_at = @now, updated_at = @now,
        lease_owner = NULL, lease_expires_at = NULL, abort_requested_at = NULL
      WHERE id = @jobId AND user_id = @userId AND status NOT IN (${TERMINAL}) AND (@owner IS NULL OR lease_owner = @owner)
      RETURNING *`),
    requestJobAbort: database.prepare<OwnedJob & Timed>(`UPDATE jobs SET abort_requested_at = @now
      WHERE id = @jobId AND user_id = @userId AND status NOT IN (${TERMINAL})`),
    /** Not fenced and works on terminal jobs; only the first time is kept. */
    markJobResultRead: database.prepare<OwnedJob & { at: number }>(`UPDATE jobs SET result_read_at = @at
      WHERE id = @jobId AND user_id = @userId AND result_read_at IS NULL`),
    /** After the text was compacted into the job row (sqlite-job-output.ts). */
    copyJobOutputToMessage: database.prepare<{ jobId: string }>(`UPDATE messages
      SET (content, status, error, tool_calls, usage) = (SELECT content, status, error,
        (SELECT json_group_array(json(state) ORDER BY ordinal) FROM job_tool_calls WHERE job_id = @jobId), usage
        FROM jobs WHERE id = @jobId)
      WHERE id = (SELECT message_id FROM jobs WHERE id = @jobId)`),
    touchThreadOfJob: database.prepare<{ jobId: string, now: number }>(
      'UPDATE threads SET updated_at = @now WHERE id = (SELECT thread_id FROM jobs WHERE id = @jobId)'),

    /** Deletes the jobs listed in @ids (JSON array) and those of @threadId (null: none), with every descendant. */
    deleteJobTrees: database.prepare<{ ids: string, threadId: string | null }>(`WITH RECURSIVE tree(id) AS (
        SELECT value FROM json_each(@ids)
        UNION SELECT id FROM jobs WHERE thread_id = @threadId
        UNION SELECT jobs.id FROM jobs JOIN tree ON jobs.parent_job_id = tree.id
      ) DELETE FROM jobs WHERE id IN (SELECT id FROM tree)`),
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
    renewJobLease: database.prepare<Leased & { expiresAt: number }, { abort_requested_at: number | null }>(
      `UPDATE jobs SET lease_expires_at = @expiresAt WHERE ${HELD_JOB} RETURNING abort_requested_at`),
    releaseJobLease: database.prepare<Leased>(
      'UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = @jobId AND lease_owner = @owner'),
    listClaimableJobs: database.prepare<Timed, JobRow>(`SELECT * FROM jobs
      WHERE status IN (${sqlList(UNFINISHED_JOB_STATUSES)}) AND ${LEASE_FREE} ORDER BY created_at, sequence`),
    selectHeldJob: database.prepare<Leased, JobRow>(`SELECT * FROM jobs WHERE ${HELD_JOB}`),
    /** The job-row half of a rewind (its text and tool-call rows: sqlite-job-output.ts); cursors up to lastSeq go stale. */
    rewindJob: database.prepare<{ jobId: string, now: number, content: string }, JobRow>(`UPDATE jobs
      SET content = @content, status = 'streaming', started_at = COALESCE(started_at, @now), updated_at = @now,
        text_floor = last_seq + 1
      WHERE id = @jobId RETURNING *`),
  }
}

/** The prepared job statements of one SQLite store. */
export type SqliteJobStatements = ReturnType<typeof prepareSqliteJobStatements>

/** Every prepared statement of one SQLite store. */
export type SqliteStoreStatements = SqliteStatements & SqliteJobStatements & SqliteJobOutputStatements

/** Prepares every statement of the store (call after the migrations and the SQL functions). */
export function prepareSqliteStoreStatements(database: Database): SqliteStoreStatements {
  return { ...prepareSqliteStatements(database), ...prepareSqliteJobStatements(database), ...prepareSqliteJobOutputStatements(database) }
}
