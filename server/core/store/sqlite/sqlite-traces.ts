// The traces of the SQLite store: an upsert that only writes rows of the user's own jobs, keyset
// listing by thread or by job in (turn, started_at, id) order, and the traces' own retention. Rows
// read back are validated with the shared trace schema. Deleting traces with their jobs is the
// `traces_follow_jobs` trigger's (migration 4).
import type { Database } from 'better-sqlite3'
import { traceSchema, type Trace } from '#shared/types/trace'
import type { Store, TraceQuery } from '../ports'
import type { GroupCommit } from './sqlite-group-commit'

export type SqliteTraceMethods = Pick<Store, 'writeTraces' | 'listTraces' | 'systemDeleteTracesBefore'>

const COLUMNS = [
  'id', 'user_id', 'job_id', 'parent_job_id', 'thread_id', 'turn', 'round', 'kind', 'name', 'input', 'input_bytes', 'output',
  'output_bytes', 'truncated', 'started_at', 'finished_at', 'latency_ms', 'prompt_tokens', 'completion_tokens', 'cache_read_tokens',
  'cache_write_tokens', 'reasoning_tokens', 'cost_usd', 'segments', 'error', 'outcome',
] as const

type TraceRow = Record<(typeof COLUMNS)[number], string | number | null>

const KEYSET = `(@cursorTurn IS NULL OR (turn, started_at, id) > (@cursorTurn, @cursorStartedAt, @cursorId))
  AND (@turn IS NULL OR turn = @turn)
  ORDER BY turn, started_at, id LIMIT @limit`

function traceToRow(userId: string, trace: Trace): TraceRow {
  return {
    id: trace.id, user_id: userId, job_id: trace.jobId, parent_job_id: trace.parentJobId, thread_id: trace.threadId,
    turn: trace.turn, round: trace.round, kind: trace.kind, name: trace.name,
    input: JSON.stringify(trace.input ?? null), input_bytes: trace.inputBytes,
    output: JSON.stringify(trace.output ?? null), output_bytes: trace.outputBytes, truncated: trace.truncated ? 1 : 0,
    started_at: trace.startedAt, finished_at: trace.finishedAt, latency_ms: trace.latencyMs,
    prompt_tokens: trace.promptTokens, completion_tokens: trace.completionTokens, cache_read_tokens: trace.cacheReadTokens,
    cache_write_tokens: trace.cacheWriteTokens, reasoning_tokens: trace.reasoningTokens, cost_usd: trace.costUsd,
    segments: trace.segments === null ? null : JSON.stringify(trace.segments), error: trace.error, outcome: trace.outcome,
  }
}

function traceFromRow(row: TraceRow): Trace {
  const json = (value: string | number | null) => (typeof value === 'string' ? JSON.parse(value) : null)
  return traceSchema.parse({
    id: row.id, jobId: row.job_id, parentJobId: row.parent_job_id, threadId: row.thread_id, turn: row.turn, round: row.round,
    kind: row.kind, name: row.name, input: json(row.input), inputBytes: row.input_bytes, output: json(row.output),
    outputBytes: row.output_bytes, truncated: row.truncated === 1, startedAt: row.started_at, finishedAt: row.finished_at,
    latencyMs: row.latency_ms, promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens,
    cacheReadTokens: row.cache_read_tokens, cacheWriteTokens: row.cache_write_tokens, reasoningTokens: row.reasoning_tokens,
    costUsd: row.cost_usd, segments: json(row.segments), error: row.error, outcome: row.outcome,
  })
}

export function createSqliteTraces(database: Database, group: GroupCommit): SqliteTraceMethods {
  const upsert = database.prepare<TraceRow>(`INSERT INTO traces (${COLUMNS.join(', ')})
    SELECT ${COLUMNS.map(column => `@${column}`).join(', ')}
    WHERE EXISTS (SELECT 1 FROM jobs WHERE id = @job_id AND user_id = @user_id)
    ON CONFLICT (id) DO UPDATE SET ${COLUMNS.filter(column => column !== 'id').map(column => `${column} = excluded.${column}`).join(', ')}
    WHERE traces.user_id = excluded.user_id`)
  const byThread = database.prepare<Record<string, unknown>, TraceRow>(`SELECT ${COLUMNS.join(', ')} FROM traces
    WHERE thread_id = @threadId AND user_id = @userId AND ${KEYSET}`)
  const byJob = database.prepare<Record<string, unknown>, TraceRow>(`SELECT ${COLUMNS.join(', ')} FROM traces
    WHERE job_id = @jobId AND user_id = @userId AND (@threadId IS NULL OR thread_id = @threadId) AND ${KEYSET}`)
  const deleteBefore = database.prepare<{ cutoff: number }>('DELETE FROM traces WHERE started_at < @cutoff')
  const writeAll = database.transaction((userId: string, traces: Trace[]) => {
    for (const trace of traces) upsert.run(traceToRow(userId, trace))
  })

  const parameters = (userId: string, query: TraceQuery) => ({
    userId, threadId: query.threadId ?? null, jobId: query.jobId ?? null, turn: query.turn ?? null, limit: Math.max(0, query.limit),
    cursorTurn: query.after?.turn ?? null, cursorStartedAt: query.after?.startedAt ?? null, cursorId: query.after?.id ?? null,
  })

  return {
    async writeTraces(userId, traces) {
      if (traces.length > 0) await group.run(() => writeAll(userId, traces))
    },

    async listTraces(userId, query) {
      if (query.jobId === undefined && query.threadId === undefined) return []
      const statement = query.jobId === undefined ? byThread : byJob
      return statement.all(parameters(userId, query)).map(traceFromRow)
    },

    async systemDeleteTracesBefore(cutoff) {
      return deleteBefore.run({ cutoff }).changes
    },
  }
}
