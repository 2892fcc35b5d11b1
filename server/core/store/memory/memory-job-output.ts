// A job's output in the memory store, kept beside the job the way the SQLite and Convex providers keep
// rows: its text chunks with their seqs, its tool calls in a Map keyed by id (first-insertion order) with
// the seq that last changed each, and the progress floor. The job's own `content` and `toolCalls` stay
// in step, so every other read sees the whole job. No fencing here; memory-job-writes.ts checks it.
import type { Job } from '#shared/types/job'
import type { JobProgress, JobTextChunk } from '#shared/types/job-progress'
import type { ToolCallState } from '#shared/types/tool-call'
import { progressCursor } from '../../../../shared/rules/job-progress-rules'
import type { MemoryTables } from './memory-tables'

/** The rows of one job's output. */
export interface MemoryJobOutput {
  chunks: JobTextChunk[]
  toolCalls: Map<string, { call: ToolCallState, seq: number }>
  textFloor: number
}

/** The job's output rows, created empty on first use. */
function outputOf(tables: MemoryTables, jobId: string): MemoryJobOutput {
  let output = tables.outputs.get(jobId)
  if (!output) {
    output = { chunks: [], toolCalls: new Map(), textFloor: 0 }
    tables.outputs.set(jobId, output)
  }
  return output
}

/** Appends one chunk; the job's content grows by it. */
export function appendMemoryText(tables: MemoryTables, job: Job, text: string, lastSeq: number): void {
  if (text === '') return
  outputOf(tables, job.id).chunks.push({ text, lastSeq })
  job.content += text
}

/** Writes each call with `seq` (a new one after the others, a known one in place). */
export function writeMemoryToolCalls(tables: MemoryTables, job: Job, calls: ToolCallState[], seq: number): void {
  const output = outputOf(tables, job.id)
  for (const call of calls) output.toolCalls.set(call.id, { call: structuredClone(call), seq })
  job.toolCalls = [...output.toolCalls.values()].map(row => structuredClone(row.call))
}

/** Cuts the text to `length`, keeps only the calls `keep` lists, and makes earlier cursors stale. */
export function rewindMemoryOutput(tables: MemoryTables, job: Job, length: number, keep: ReadonlySet<string>): void {
  const output = outputOf(tables, job.id)
  const chunks: JobTextChunk[] = []
  let offset = 0
  for (const chunk of output.chunks) {
    if (offset >= length) break
    chunks.push({ ...chunk, text: chunk.text.slice(0, length - offset) })
    offset += chunk.text.length
  }
  output.chunks = chunks
  for (const id of [...output.toolCalls.keys()]) if (!keep.has(id)) output.toolCalls.delete(id)
  output.textFloor = job.lastSeq + 1
  job.content = job.content.slice(0, length)
  job.toolCalls = [...output.toolCalls.values()].map(row => structuredClone(row.call))
}

/** What changed after `afterSeq` (see Store.getJobProgress). */
export function memoryJobProgress(tables: MemoryTables, job: Job, afterSeq: number): JobProgress {
  const output = outputOf(tables, job.id)
  const { resync, cursor } = progressCursor(afterSeq, { lastSeq: job.lastSeq, textFloor: output.textFloor })
  let first = output.chunks.length
  while (!resync && first > 0 && output.chunks[first - 1]!.lastSeq > afterSeq) first -= 1
  return structuredClone({
    status: job.status, error: job.error, usage: job.usage, lastSeq: job.lastSeq, cursor, resync,
    chunks: resync ? [] : output.chunks.slice(first),
    toolCalls: resync ? [] : [...output.toolCalls.values()].filter(row => row.seq > afterSeq).map(row => row.call),
  })
}
