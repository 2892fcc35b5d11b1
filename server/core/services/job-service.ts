// Reading and stopping a user's jobs: status, lists, children, abort. The stream lives in
// job-stream-service. Every id is checked against the caller before anything else happens, and every
// job leaves here in its public shape (no checkpoint, lease or attempts).
import { isTerminalStatus, toPublicJob, type JobKind, type PublicJob } from '#shared/types/job'
import type { AppContext } from '../app-context'
import { stopJobTree } from '../jobs/job-tree'
import { requireOwnedJob } from './ownership'

type Context = Pick<AppContext, 'store' | 'runner' | 'config'>

export async function getJob(context: Pick<AppContext, 'store'>, userId: string, jobId: string): Promise<PublicJob> {
  return toPublicJob(await requireOwnedJob(context.store, userId, jobId))
}

/** The caller's jobs, newest first; `active` keeps the queued and streaming ones. */
export async function listJobs(context: Pick<AppContext, 'store'>, userId: string, filter: { active: boolean; threadId?: string; kind?: JobKind }): Promise<PublicJob[]> {
  const jobs = await context.store.listJobs(userId, {
    ...(filter.active ? { statuses: ['queued', 'streaming'] } : {}),
    ...(filter.threadId ? { threadId: filter.threadId } : {}),
    ...(filter.kind ? { kinds: [filter.kind] } : {}),
  })
  return jobs.map(toPublicJob)
}

/** The job's direct children, oldest first. */
export async function listChildJobs(context: Pick<AppContext, 'store'>, userId: string, jobId: string): Promise<PublicJob[]> {
  await requireOwnedJob(context.store, userId, jobId)
  return (await context.store.listChildJobs(userId, jobId)).map(toPublicJob)
}

/**
 * Stops the job and its descendants, wherever they run, keeping what they produced. A job another
 * instance runs is stopped by that instance's next heartbeat; this waits for it (up to
 * `jobs.abortWaitMs`) so the answer usually shows it finished. Finished jobs are returned as they are.
 */
export async function abortJob(context: Context, userId: string, jobId: string): Promise<PublicJob> {
  await requireOwnedJob(context.store, userId, jobId)
  const outcome = await stopJobTree(context.store, context.runner, userId, jobId)
  let job = await requireOwnedJob(context.store, userId, jobId)
  if (outcome === 'requested') {
    const deadline = Date.now() + context.config.jobs.abortWaitMs
    while (!isTerminalStatus(job.status) && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 50))
      job = await requireOwnedJob(context.store, userId, jobId)
    }
  }
  return toPublicJob(job)
}
