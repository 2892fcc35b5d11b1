// The bodies of per-user feed events, built from the records the store writes, so every provider
// records the same fields — ids, kinds, statuses, titles; never message text. Pure, with type-only
// imports, so the Convex functions share them. Numbering and storing events is each provider's job.
import type { Job } from '../types/job'
import type { Thread } from '../types/thread'
import type { UserFeedEventBody } from '../types/user-event'

/** A `thread` event: the thread was created, renamed or its settings changed. */
export function threadFeedBody(thread: Pick<Thread, 'id' | 'title' | 'updatedAt'>): UserFeedEventBody {
  return { type: 'thread', thread: { id: thread.id, title: thread.title, updatedAt: thread.updatedAt } }
}

/** A `thread_deleted` event. */
export function threadDeletedFeedBody(threadId: string): UserFeedEventBody {
  return { type: 'thread_deleted', threadId }
}

/** A `job` event: the job was queued, started or finished (its status says which). */
export function jobFeedBody(
  job: Pick<Job, 'id' | 'kind' | 'status' | 'threadId' | 'messageId' | 'parentJobId' | 'title'>,
): UserFeedEventBody {
  return {
    type: 'job',
    job: {
      id: job.id, kind: job.kind, status: job.status, threadId: job.threadId, messageId: job.messageId,
      parentJobId: job.parentJobId, title: job.title,
    },
  }
}
