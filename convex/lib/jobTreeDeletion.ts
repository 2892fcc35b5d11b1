// Deleting a job with everything under it: its text chunks, tool-call rows, its traces and, depth first, every descendant job
// (children may sit outside the thread, with no thread id). Used when a thread is deleted and when a
// turn is regenerated or edited. Does not touch messages; the callers delete those.
import type { DatabaseWriter } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import { deleteJobText } from './jobText'
import { deleteJobToolCalls } from './jobToolCalls'
import { deleteJobTraces } from './jobTraces'
import { listChildJobRows } from './jobRecords'

/** Deletes `job`, its text and traces, and all its descendants with theirs. */
export async function deleteJobTree(database: DatabaseWriter, job: Doc<'background_jobs'>): Promise<void> {
  for (const child of await listChildJobRows(database, job.job_id)) await deleteJobTree(database, child)
  await deleteJobText(database, job.job_id)
  await deleteJobToolCalls(database, job.job_id)
  await deleteJobTraces(database, job.job_id)
  await database.delete(job._id)
}
