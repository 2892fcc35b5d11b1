// Deleting a job's trace rows, bounded like its text chunks, for the mutations that delete jobs
// (thread deletion, regenerate/edit, retention). Reading and writing traces is convex/traces.ts'.
import type { DatabaseWriter } from '../_generated/server'

/** Deletes the job's traces, at most `limit` of them; returns how many it deleted (fewer: none are left). */
export async function deleteJobTraces(database: DatabaseWriter, jobId: string, limit?: number): Promise<number> {
  const query = database.query('traces').withIndex('by_job_turn', range => range.eq('job_id', jobId))
  const rows = limit === undefined ? await query.collect() : await query.take(limit)
  for (const row of rows) await database.delete(row._id)
  return rows.length
}
