// A job's tool calls as `job_tool_calls` rows: reading them in first-write order, writing several in
// one mutation (each call one row, tagged with the seq of the event that changed it), the rewind's cut
// and deletion. Calls a job stored in its legacy `tool_calls` JSON field are read first and moved into
// rows on the job's next write. Fencing is the callers'.
import type { DatabaseReader, DatabaseWriter } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import type { ToolCallState } from '../../shared/types/tool-call'
import { parseToolCall, parseToolCalls } from './jsonFields'

type JobRow = Pick<Doc<'background_jobs'>, 'job_id' | 'tool_calls'>

function callRows(database: DatabaseReader, jobId: string): Promise<Doc<'job_tool_calls'>[]> {
  return database.query('job_tool_calls').withIndex('by_job_ordinal', range => range.eq('job_id', jobId)).collect()
}

/** The job's calls, in the order of their first write. */
export async function readJobToolCalls(database: DatabaseReader, job: JobRow): Promise<ToolCallState[]> {
  return [...parseToolCalls(job.tool_calls), ...(await callRows(database, job.job_id)).map(row => parseToolCall(row.state_json))]
}

/** The job's calls as the JSON records carry them. */
export async function readJobToolCallsJson(database: DatabaseReader, job: JobRow): Promise<string> {
  return JSON.stringify(await readJobToolCalls(database, job))
}

/** The calls whose row changed after `afterSeq`, in first-write order. */
export async function readToolCallsChangedAfter(database: DatabaseReader, jobId: string, afterSeq: number): Promise<ToolCallState[]> {
  const rows = await database.query('job_tool_calls').withIndex('by_job_seq', range => range.eq('job_id', jobId).gt('seq', afterSeq)).collect()
  return rows.sort((a, b) => a.ordinal - b.ordinal).map(row => parseToolCall(row.state_json))
}

/** Writes each call's row with `seq`; legacy JSON calls move into rows first. Returns the patch the job row needs. */
export async function writeJobToolCalls(
  database: DatabaseWriter, job: Doc<'background_jobs'>, calls: ToolCallState[], seq: number,
): Promise<Partial<Doc<'background_jobs'>>> {
  const rows = await callRows(database, job.job_id)
  let next = rows.reduce((highest, row) => Math.max(highest, row.ordinal + 1), 0)
  const byId = new Map(rows.map(row => [row.call_id, row]))
  const legacy = parseToolCalls(job.tool_calls).map(call => ({ call, seq: job.last_seq }))
  for (const { call, seq: callSeq } of [...legacy, ...calls.map(call => ({ call, seq }))]) {
    const existing = byId.get(call.id)
    if (existing) {
      await database.patch(existing._id, { seq: callSeq, state_json: JSON.stringify(call) })
      continue
    }
    const id = await database.insert('job_tool_calls', { job_id: job.job_id, call_id: call.id, ordinal: next, seq: callSeq, state_json: JSON.stringify(call) })
    const inserted = await database.get(id)
    if (inserted) byId.set(call.id, inserted)
    next += 1
  }
  return legacy.length > 0 ? { tool_calls: '[]' } : {}
}

/** Keeps only the calls `keep` lists (a rewind); returns the patch the job row needs. */
export async function keepJobToolCalls(
  database: DatabaseWriter, job: Doc<'background_jobs'>, keep: ReadonlySet<string>,
): Promise<Partial<Doc<'background_jobs'>>> {
  for (const row of await callRows(database, job.job_id)) if (!keep.has(row.call_id)) await database.delete(row._id)
  return { tool_calls: JSON.stringify(parseToolCalls(job.tool_calls).filter(call => keep.has(call.id))) }
}

/** Deletes the job's call rows, at most `limit`; returns how many it deleted (fewer: none are left). */
export async function deleteJobToolCalls(database: DatabaseWriter, jobId: string, limit?: number): Promise<number> {
  const query = database.query('job_tool_calls').withIndex('by_job_ordinal', range => range.eq('job_id', jobId))
  const rows = limit === undefined ? await query.collect() : await query.take(limit)
  for (const row of rows) await database.delete(row._id)
  return rows.length
}
