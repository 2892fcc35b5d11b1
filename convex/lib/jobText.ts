// The streamed text of a job, kept as `job_content_chunks` rows: an append inserts rows and never
// rewrites a growing document (Convex caps documents at 1 MiB, and rewriting one per flush would
// write quadratically much). Reading concatenates; a rewind truncates; retention deletes.
import type { DatabaseReader, DatabaseWriter } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import { splitText } from './textPieces'

/** The chunk rows of a job, in order. */
function jobChunks(database: DatabaseReader, jobId: string): Promise<Doc<'job_content_chunks'>[]> {
  return database.query('job_content_chunks').withIndex('by_job', range => range.eq('job_id', jobId)).collect()
}

/** Inserts `text` after the job's last chunk, tagged with the seq of its last delta; returns the job's next chunk index. */
export async function appendJobText(database: DatabaseWriter, job: Doc<'background_jobs'>, text: string, lastSeq: number): Promise<number> {
  let index = job.next_chunk_index
  for (const piece of splitText(text)) {
    await database.insert('job_content_chunks', { job_id: job.job_id, index, text: piece, last_seq: lastSeq })
    index += 1
  }
  return index
}

/** The job's whole text. */
export async function readJobText(database: DatabaseReader, jobId: string): Promise<string> {
  return (await jobChunks(database, jobId)).map(chunk => chunk.text).join('')
}

/** The chunks stored after `afterSeq` (through the seq index), in order, as progress reads return them. */
export async function readJobTextAfter(database: DatabaseReader, jobId: string, afterSeq: number): Promise<{ text: string, lastSeq: number }[]> {
  const chunks = await database.query('job_content_chunks')
    .withIndex('by_job_seq', range => range.eq('job_id', jobId).gt('last_seq', afterSeq)).collect()
  return chunks.sort((a, b) => a.index - b.index).map(chunk => ({ text: chunk.text, lastSeq: chunk.last_seq ?? 0 }))
}

/** Cuts the job's text back to its first `length` code units. */
export async function truncateJobText(database: DatabaseWriter, jobId: string, length: number): Promise<void> {
  let offset = 0
  for (const chunk of await jobChunks(database, jobId)) {
    const end = offset + chunk.text.length
    if (offset >= length) await database.delete(chunk._id)
    else if (end > length) await database.patch(chunk._id, { text: chunk.text.slice(0, length - offset) })
    offset = end
  }
}

/** Deletes the job's chunks, at most `limit` of them; returns how many it deleted (fewer: none are left). */
export async function deleteJobText(database: DatabaseWriter, jobId: string, limit?: number): Promise<number> {
  const chunks = limit === undefined
    ? await jobChunks(database, jobId)
    : await database.query('job_content_chunks').withIndex('by_job', range => range.eq('job_id', jobId)).take(limit)
  for (const chunk of chunks) await database.delete(chunk._id)
  return chunks.length
}
