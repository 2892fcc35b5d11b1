// Admission inside the creating mutation: how many root jobs (no parent) of a user are queued or
// streaming, and whether one more fits under the limit. Child jobs are neither counted nor refused.
// Writes nothing; the creating functions return `tooManyActiveJobs` when a job does not fit.
import type { DatabaseReader } from '../_generated/server'
import { ACTIVE_JOB_STATUSES } from '../../shared/types/job'

/** The user's queued and streaming root jobs. */
export async function countActiveRootJobs(database: DatabaseReader, userId: string): Promise<number> {
  let active = 0
  for (const status of ACTIVE_JOB_STATUSES) {
    const jobs = await database.query('background_jobs')
      .withIndex('by_user_status', range => range.eq('user_id', userId).eq('status', status)).collect()
    active += jobs.filter(job => job.parent_job_id === null).length
  }
  return active
}

/** True when the user may start one more root job under `limit` (always without a limit). */
export async function admitsRootJob(database: DatabaseReader, userId: string, limit: number | undefined): Promise<boolean> {
  return limit === undefined || await countActiveRootJobs(database, userId) < limit
}
