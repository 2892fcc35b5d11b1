// The one ownership check for each kind of record: a thread or job that is unknown or not the caller's
// is a 404. Every service that takes an id from a request goes through here.
import type { Job } from '#shared/types/job'
import type { Thread } from '#shared/types/thread'
import { notFound } from '../http/app-error'
import type { Store } from '../store/ports'

/** The caller's thread, or a 404. */
export async function requireOwnedThread(store: Store, userId: string, threadId: string): Promise<Thread> {
  const thread = await store.getThread(userId, threadId)
  if (!thread) throw notFound('thread', threadId)
  return thread
}

/** The caller's job, or a 404. */
export async function requireOwnedJob(store: Store, userId: string, jobId: string): Promise<Job> {
  const job = await store.getJob(userId, jobId)
  if (!job) throw notFound('job', jobId)
  return job
}
