// Thread rows: finding one by Errand id (optionally scoped to its user) and turning a row into the
// shared `Thread` the Store returns, or into a sidebar summary with its active job. No writes here;
// the thread functions do those.
import type { DatabaseReader } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import { ACTIVE_JOB_STATUSES, type JobStatus } from '../../shared/types/job'
import type { Thread, ThreadSummary } from '../../shared/types/thread'
import { listThreadJobs, newestJobsFirst } from './jobRecords'

/** A thread row as written (without Convex's own fields). */
export type ThreadDocument = Omit<Doc<'threads'>, '_id' | '_creationTime'>

const isActive = (status: JobStatus): boolean => (ACTIVE_JOB_STATUSES as readonly JobStatus[]).includes(status)

/** The thread row with Errand id `threadId`, or null. */
export function findThread(database: DatabaseReader, threadId: string): Promise<Doc<'threads'> | null> {
  return database.query('threads').withIndex('by_thread_id', range => range.eq('thread_id', threadId)).unique()
}

/** The thread row when `userId` owns it; null for unknown and foreign threads alike. */
export async function findOwnedThread(database: DatabaseReader, userId: string, threadId: string): Promise<Doc<'threads'> | null> {
  const thread = await findThread(database, threadId)
  return thread?.user_id === userId ? thread : null
}

/** The thread a row holds. */
export function threadFromDocument(thread: ThreadDocument): Thread {
  return {
    id: thread.thread_id,
    userId: thread.user_id,
    title: thread.title,
    disabledTools: thread.disabled_tools,
    enabledTools: thread.enabled_tools,
    model: thread.model,
    createdAt: thread.created_at,
    updatedAt: thread.updated_at,
  }
}

/** The thread with the id of its newest queued or streaming job, if any. */
export async function threadSummaryOf(database: DatabaseReader, thread: Doc<'threads'>): Promise<ThreadSummary> {
  const active = newestJobsFirst((await listThreadJobs(database, thread.thread_id)).filter(job => isActive(job.status)))[0]
  return { ...threadFromDocument(thread), activeJobId: active?.job_id ?? null }
}

/** True while any job of the thread is queued or streaming. */
export async function threadHasActiveJob(database: DatabaseReader, threadId: string): Promise<boolean> {
  return (await listThreadJobs(database, threadId)).some(job => isActive(job.status))
}
