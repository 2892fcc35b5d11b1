// Reading and stopping a user's jobs: status, the active list, abort. The stream lives in
// job-stream-service. Every id is checked against the caller before anything else happens.
import type { Job } from '#shared/types/job'
import type { AppContext } from '../app-context'
import { requireOwnedJob } from './ownership'

type Context = Pick<AppContext, 'store' | 'runner'>

export function getJob(context: Context, userId: string, jobId: string): Promise<Job> {
  return requireOwnedJob(context.store, userId, jobId)
}

/** The caller's jobs, newest first; `active` keeps the queued and streaming ones. */
export function listJobs(context: Context, userId: string, filter: { active: boolean; threadId?: string }): Promise<Job[]> {
  return context.store.listJobs(userId, {
    ...(filter.active ? { statuses: ['queued', 'streaming'] } : {}),
    ...(filter.threadId ? { threadId: filter.threadId } : {}),
  })
}

/** Stops the job (keeping what it produced) and returns its state afterwards. Finished jobs are returned as they are. */
export async function abortJob(context: Context, userId: string, jobId: string): Promise<Job> {
  await requireOwnedJob(context.store, userId, jobId)
  await context.runner.abort(userId, jobId)
  return requireOwnedJob(context.store, userId, jobId)
}
