// Recording a user's feed events inside the mutation that makes the change they describe, so a feed
// event exists exactly when its change does. Seqs come from a per-user counter row bumped in the same
// transaction (Convex mutations are serialisable), so they grow strictly per user, even across pruning.
// Reading the feed lives in convex/userEvents.ts.
import type { DatabaseReader, DatabaseWriter } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import type { UserFeedEventBody } from '../../shared/types/user-event'
import type { JobDocument } from './jobRecords'

/** The user's counter row, or null before their first event. */
export function findUserEventCounter(database: DatabaseReader, userId: string): Promise<Doc<'user_event_counters'> | null> {
  return database.query('user_event_counters').withIndex('by_user', range => range.eq('user_id', userId)).unique()
}

/** Appends `body` to the user's feed at time `at` with the user's next seq; returns that seq. */
export async function recordUserEvent(database: DatabaseWriter, userId: string, body: UserFeedEventBody, at: number): Promise<number> {
  const counter = await findUserEventCounter(database, userId)
  const seq = (counter?.last_seq ?? 0) + 1
  if (counter) await database.patch(counter._id, { last_seq: seq })
  else await database.insert('user_event_counters', { user_id: userId, last_seq: seq })
  await database.insert('user_events', { user_id: userId, seq, at, body })
  return seq
}

/** The feed body of a thread change. */
export function threadEventBody(thread: Pick<Doc<'threads'>, 'thread_id' | 'title' | 'updated_at'>): UserFeedEventBody {
  return { type: 'thread', thread: { id: thread.thread_id, title: thread.title, updatedAt: thread.updated_at } }
}

/** The feed body of a job change (queued, started or finished: its status says which). */
export function jobEventBody(job: JobDocument): UserFeedEventBody {
  return {
    type: 'job',
    job: {
      id: job.job_id, kind: job.type, status: job.status, threadId: job.thread_id, messageId: job.message_id,
      parentJobId: job.parent_job_id, title: job.title,
    },
  }
}

/** Records the job's current state on its user's feed. */
export function recordJobEvent(database: DatabaseWriter, job: JobDocument, at: number): Promise<number> {
  return recordUserEvent(database, job.user_id, jobEventBody(job), at)
}
