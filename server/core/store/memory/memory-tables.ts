// The Maps of the memory store and the few steps several of its method groups share: finding a user's
// rows, finishing a job (job, message, thread and feed together), deleting jobs with their
// descendants, and the admission count. Not a Store itself; memory-store.ts assembles one.
import { ACTIVE_JOB_STATUSES, type Job, type JobStatus } from '#shared/types/job'
import type { Message, Thread, ThreadSummary } from '#shared/types/thread'
import type { Trace } from '#shared/types/trace'
import { TooManyActiveJobsError } from '../ports'
import { countsForAdmission } from '../../../../shared/rules/job-fence-rules'
import { jobFeedBody } from '../../../../shared/rules/user-feed-records'
import { finishedJobFields } from '../store-records'
import type { MemoryJobOutput } from './memory-job-output'
import { createMemoryUserFeed, type MemoryUserFeed } from './memory-user-feed'

/** Everything a memory store holds. Rows are stored as private copies. */
export interface MemoryTables {
  threads: Map<string, Thread>
  messages: Map<string, Message>
  jobs: Map<string, Job>
  /** Trace rows by id, with the user they belong to. */
  traces: Map<string, { userId: string; trace: Trace }>
  /** Each job's text chunks and tool-call rows (memory-job-output.ts), by job id. */
  outputs: Map<string, MemoryJobOutput>
  feed: MemoryUserFeed
}

/** Empty tables. */
export function createMemoryTables(): MemoryTables {
  return { threads: new Map(), messages: new Map(), jobs: new Map(), traces: new Map(), outputs: new Map(), feed: createMemoryUserFeed() }
}

export const isActiveJob = (job: Job): boolean => (ACTIVE_JOB_STATUSES as readonly JobStatus[]).includes(job.status)

/** The user's thread, or undefined (unknown or another user's). */
export function ownedThread(tables: MemoryTables, userId: string, threadId: string): Thread | undefined {
  const thread = tables.threads.get(threadId)
  return thread?.userId === userId ? thread : undefined
}

/** The user's job, or undefined (unknown or another user's). */
export function ownedJob(tables: MemoryTables, userId: string, jobId: string): Job | undefined {
  const job = tables.jobs.get(jobId)
  return job?.userId === userId ? job : undefined
}

/** Newest first by `timestamp`; rows with the same timestamp newest-inserted first. */
export function newestFirst<Row>(rows: Row[], timestamp: (row: Row) => number): Row[] {
  return rows.reverse().sort((a, b) => timestamp(b) - timestamp(a))
}

/** Throws TooManyActiveJobsError when the user already has `limit` active root jobs. */
export function admitRootJob(tables: MemoryTables, userId: string, limit: number | undefined): void {
  if (limit === undefined) return
  let active = 0
  for (const job of tables.jobs.values()) {
    if (job.userId === userId && isActiveJob(job) && countsForAdmission(job)) active += 1
  }
  if (active >= limit) throw new TooManyActiveJobsError(limit)
}

/** The terminal transition: job fields, its message's copy of the output, the thread's updatedAt, a feed event. */
export function finishMemoryJob(tables: MemoryTables, job: Job, status: Job['status'], error: string | null, lastSeq: number): void {
  const now = Date.now()
  Object.assign(job, finishedJobFields(status, error, lastSeq, now))
  const message = job.messageId === null ? undefined : tables.messages.get(job.messageId)
  if (message) {
    Object.assign(message, structuredClone({
      content: job.content, status: job.status, error: job.error, toolCalls: job.toolCalls, usage: job.usage,
    }))
  }
  const thread = job.threadId === null ? undefined : tables.threads.get(job.threadId)
  if (thread) thread.updatedAt = now
  tables.feed.record(job.userId, jobFeedBody(job), now)
}

/** Deletes the jobs with the given ids and every job descending from them, with their traces. */
export function deleteJobTrees(tables: MemoryTables, rootIds: Iterable<string>): void {
  const doomed = new Set(rootIds)
  for (let grew = true; grew;) {
    grew = false
    for (const job of tables.jobs.values()) {
      if (job.parentJobId !== null && doomed.has(job.parentJobId) && !doomed.has(job.id)) {
        doomed.add(job.id)
        grew = true
      }
    }
  }
  for (const id of doomed) tables.jobs.delete(id)
  deleteJobTraces(tables, doomed)
}

/** Deletes every trace and the output rows of the given jobs. */
export function deleteJobTraces(tables: MemoryTables, jobIds: ReadonlySet<string>): void {
  for (const [id, { trace }] of tables.traces) if (jobIds.has(trace.jobId)) tables.traces.delete(id)
  for (const jobId of jobIds) tables.outputs.delete(jobId)
}

/** The thread as listed: with the id of its newest queued or streaming job. */
export function memoryThreadSummary(tables: MemoryTables, thread: Thread): ThreadSummary {
  const active = newestFirst([...tables.jobs.values()].filter(job => job.threadId === thread.id && isActiveJob(job)), job => job.createdAt)[0]
  return { ...structuredClone(thread), activeJobId: active?.id ?? null }
}

/** The thread's messages, oldest first (insertion order within the same millisecond). */
export function threadMessages(tables: MemoryTables, threadId: string): Message[] {
  return [...tables.messages.values()].filter(message => message.threadId === threadId).sort((a, b) => a.createdAt - b.createdAt)
}
