// The SQL statements about a job's output rows in the SQLite store (migration 8): its text as ordered
// chunk rows (one INSERT per append) and its tool calls as one row per call, each with the seq of the
// write that last changed it, plus the progress read. Statements only; sqlite-job-output.ts uses them.
import type { Database } from 'better-sqlite3'

interface OfJob { jobId: string }
interface AfterSeq extends OfJob { afterSeq: number }

/** A chunk row as read for rewinds and progress. */
export interface JobTextChunkRow {
  idx: number
  text: string
  last_seq: number
}

/** The job fields a progress read returns. */
export interface JobProgressRow {
  status: string
  error: string | null
  usage: string | null
  last_seq: number
  text_floor: number
}

/** Prepares the output-row statements on an opened, migrated database. */
export function prepareSqliteJobOutputStatements(database: Database) {
  return {
    /** Appends after the job's last chunk (the primary key finds the last index without a scan). */
    insertTextChunk: database.prepare<OfJob & { text: string, lastSeq: number }>(`INSERT INTO job_text_chunks (job_id, idx, text, last_seq)
      VALUES (@jobId, COALESCE((SELECT MAX(idx) + 1 FROM job_text_chunks WHERE job_id = @jobId), 0), @text, @lastSeq)`),
    selectChunkText: database.prepare<OfJob, { text: string }>(
      `SELECT COALESCE(group_concat(text, '' ORDER BY idx), '') AS text FROM job_text_chunks WHERE job_id = @jobId`),
    selectTextChunks: database.prepare<OfJob, JobTextChunkRow>(
      'SELECT idx, text, last_seq FROM job_text_chunks WHERE job_id = @jobId ORDER BY idx'),
    selectTextChunksAfter: database.prepare<AfterSeq, JobTextChunkRow>(
      'SELECT idx, text, last_seq FROM job_text_chunks WHERE job_id = @jobId AND last_seq > @afterSeq ORDER BY idx'),
    updateTextChunk: database.prepare<OfJob & { idx: number, text: string }>(
      'UPDATE job_text_chunks SET text = @text WHERE job_id = @jobId AND idx = @idx'),
    deleteTextChunksFrom: database.prepare<OfJob & { idx: number }>('DELETE FROM job_text_chunks WHERE job_id = @jobId AND idx >= @idx'),
    /** Moves chunk text into the job row; cursors before @seq (the last compacted chunk's) go stale. */
    compactJobText: database.prepare<OfJob & { text: string, seq: number }>(
      'UPDATE jobs SET content = content || @text, text_floor = MAX(text_floor, @seq) WHERE id = @jobId'),

    selectToolCallStates: database.prepare<OfJob, { state: string }>(
      'SELECT state FROM job_tool_calls WHERE job_id = @jobId ORDER BY ordinal'),
    selectToolCallStatesAfter: database.prepare<AfterSeq, { state: string }>(
      'SELECT state FROM job_tool_calls WHERE job_id = @jobId AND seq > @afterSeq ORDER BY ordinal'),
    /** A new call goes after the job's others; a known one is rewritten in place (its order kept). */
    upsertToolCall: database.prepare<OfJob & { callId: string, seq: number, state: string }>(`INSERT INTO job_tool_calls
        (job_id, call_id, ordinal, seq, state)
      VALUES (@jobId, @callId, COALESCE((SELECT MAX(ordinal) + 1 FROM job_tool_calls WHERE job_id = @jobId), 0), @seq, @state)
      ON CONFLICT (job_id, call_id) DO UPDATE SET seq = excluded.seq, state = excluded.state`),
    /** Deletes the job's calls not listed in @keep (a JSON array of ids). */
    deleteToolCallsExcept: database.prepare<OfJob & { keep: string }>(`DELETE FROM job_tool_calls
      WHERE job_id = @jobId AND call_id NOT IN (SELECT value FROM json_each(@keep))`),

    selectJobProgress: database.prepare<OfJob & { userId: string }, JobProgressRow>(
      'SELECT status, error, usage, last_seq, text_floor FROM jobs WHERE id = @jobId AND user_id = @userId'),
  }
}

/** The prepared output-row statements of one SQLite store. */
export type SqliteJobOutputStatements = ReturnType<typeof prepareSqliteJobOutputStatements>
