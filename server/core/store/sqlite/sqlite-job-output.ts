// A job's output rows in the SQLite store: reading a job with its text chunks and tool-call rows,
// appending text, writing tool calls, cutting the text for a rewind, compacting it at finish and the
// progress read from a cursor. Runs inside the callers' transactions; opens none and checks no fence.
import type { Job } from '#shared/types/job'
import { jobProgressSchema, type JobProgress } from '#shared/types/job-progress'
import type { ToolCallState } from '#shared/types/tool-call'
import { progressCursor } from '../../../../shared/rules/job-progress-rules'
import type { SqliteStoreStatements } from './sqlite-job-statements'
import { jobFromRow, type JobRow } from './sqlite-rows'

/** The job a row holds, its text and tool calls read from their rows. */
export function readSqliteJob(statements: SqliteStoreStatements, row: JobRow): Job {
  return jobFromRow(row, {
    chunkText: statements.selectChunkText.get({ jobId: row.id })?.text ?? '',
    toolCallStates: statements.selectToolCallStates.all({ jobId: row.id }).map(call => call.state),
  })
}

/** Writes each call's row with `seq` (new calls after the job's others). */
export function writeSqliteToolCalls(statements: SqliteStoreStatements, jobId: string, calls: ToolCallState[], seq: number): void {
  for (const call of calls) statements.upsertToolCall.run({ jobId, callId: call.id, seq, state: JSON.stringify(call) })
}

/**
 * Cuts the job's text back to its first `length` code units: chunks past it are deleted, the one
 * across it trimmed. Returns what the row's compacted `content` becomes.
 */
export function truncateSqliteJobText(statements: SqliteStoreStatements, row: JobRow, length: number): string {
  const jobId = row.id
  if (length <= row.content.length) {
    statements.deleteTextChunksFrom.run({ jobId, idx: 0 })
    return row.content.slice(0, length)
  }
  let offset = row.content.length
  for (const chunk of statements.selectTextChunks.all({ jobId })) {
    const end = offset + chunk.text.length
    if (end > length) {
      if (offset < length) statements.updateTextChunk.run({ jobId, idx: chunk.idx, text: chunk.text.slice(0, length - offset) })
      statements.deleteTextChunksFrom.run({ jobId, idx: offset < length ? chunk.idx + 1 : chunk.idx })
      break
    }
    offset = end
  }
  return row.content
}

/** Moves the job's chunks into its row (a finished job reads as one row). */
export function compactSqliteJobText(statements: SqliteStoreStatements, jobId: string): void {
  const chunks = statements.selectTextChunks.all({ jobId })
  if (chunks.length === 0) return
  const seq = chunks.reduce((highest, chunk) => Math.max(highest, chunk.last_seq), 0)
  statements.compactJobText.run({ jobId, text: chunks.map(chunk => chunk.text).join(''), seq })
  statements.deleteTextChunksFrom.run({ jobId, idx: 0 })
}

/** What changed after `afterSeq` (see Store.getJobProgress); null for an unknown or another user's job. */
export function readSqliteJobProgress(statements: SqliteStoreStatements, userId: string, jobId: string, afterSeq: number): JobProgress | null {
  const row = statements.selectJobProgress.get({ userId, jobId })
  if (!row) return null
  const { resync, cursor } = progressCursor(afterSeq, { lastSeq: row.last_seq, textFloor: row.text_floor })
  const served = !resync
  return jobProgressSchema.parse({
    status: row.status,
    error: row.error,
    usage: row.usage === null ? null : JSON.parse(row.usage),
    lastSeq: row.last_seq,
    cursor,
    resync,
    chunks: served ? statements.selectTextChunksAfter.all({ jobId, afterSeq }).map(chunk => ({ text: chunk.text, lastSeq: chunk.last_seq })) : [],
    toolCalls: served ? statements.selectToolCallStatesAfter.all({ jobId, afterSeq }).map(call => JSON.parse(call.state)) : [],
  })
}
