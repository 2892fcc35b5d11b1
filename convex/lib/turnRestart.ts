// What regenerate and edit share: finding the message to restart from, the checks that may refuse a
// restart (a job of the thread still running, admission), cutting the thread after a message — every
// later message with its job and that job's descendants — and queueing the new chat job. The turn
// functions write the messages.
import type { DatabaseReader, DatabaseWriter } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import type { MessageRole } from '../../shared/types/thread'
import { admitsRootJob } from './admission'
import { findJob, type JobDocument } from './jobRecords'
import { deleteJobTree } from './jobTreeDeletion'
import { findMessage } from './messageRecords'
import { deleteMessageText } from './messageText'
import { findOwnedThread, threadHasActiveJob } from './threadRecords'
import { type TurnJobFields, turnJobDocument } from './turnRows'
import { recordJobEvent } from './userEvents'

/** The message a restart starts from and its thread. */
export interface RestartPoint {
  message: Doc<'messages'>
  thread: Doc<'threads'>
}

/** The user's message `messageId` with role `role`, and its thread; null for any other message. */
export async function findRestartPoint(
  database: DatabaseReader, userId: string, messageId: string, role: MessageRole,
): Promise<RestartPoint | null> {
  const message = await findMessage(database, messageId)
  if (message?.user_id !== userId || message.role !== role) return null
  const thread = await findOwnedThread(database, userId, message.thread_id)
  return thread ? { message, thread } : null
}

/** Why a restart was refused, or null when it may go ahead. */
export type RestartRefusal = { outcome: 'turnBusy' } | { outcome: 'tooManyActiveJobs', limit: number }

/** Refuses while a job of the thread is queued or streaming, or when admission would. */
export async function restartRefusal(
  database: DatabaseReader, userId: string, threadId: string, limit: number | undefined,
): Promise<RestartRefusal | null> {
  if (await threadHasActiveJob(database, threadId)) return { outcome: 'turnBusy' }
  if (!await admitsRootJob(database, userId, limit)) return { outcome: 'tooManyActiveJobs', limit: limit ?? 0 }
  return null
}

/** The thread's messages in order (created, then inserted). */
export function threadMessages(database: DatabaseReader, threadId: string): Promise<Doc<'messages'>[]> {
  return database.query('messages').withIndex('by_thread_created', range => range.eq('thread_id', threadId)).collect()
}

/** Deletes the job with id `jobId` (if it still exists) with its text and descendants. */
export async function deleteJobById(database: DatabaseWriter, jobId: string | null): Promise<void> {
  const job = jobId === null ? null : await findJob(database, jobId)
  if (job) await deleteJobTree(database, job)
}

/** Deletes every message after `message` in `messages` (the thread in order), with their jobs. */
export async function deleteMessagesAfter(database: DatabaseWriter, messages: Doc<'messages'>[], message: Doc<'messages'>): Promise<void> {
  const later = messages.slice(messages.findIndex(candidate => candidate._id === message._id) + 1)
  for (const laterMessage of later) {
    await deleteJobById(database, laterMessage.job_id)
    await deleteMessageText(database, laterMessage.message_id)
    await database.delete(laterMessage._id)
  }
}

/** How the new chat job of a restart runs (it has no title or input). */
export interface RestartJobArgs {
  jobId: string
  model: string
  isDemo: boolean
  now: number
}

/** The job fields of a restart's chat job. */
export const restartJobFields = (args: RestartJobArgs): TurnJobFields =>
  ({ jobId: args.jobId, kind: 'chat', title: null, inputJson: null, model: args.model, isDemo: args.isDemo })

/**
 * Inserts the queued chat job writing `messageId`, moves the thread's updatedAt as a new turn does,
 * and records the job on the feed (the title stays, so no thread event). Returns the job row.
 */
export async function queueRestartJob(database: DatabaseWriter, thread: Doc<'threads'>, messageId: string, args: RestartJobArgs): Promise<JobDocument> {
  const job = turnJobDocument({ userId: thread.user_id, threadId: thread.thread_id, now: args.now }, messageId, restartJobFields(args))
  await database.insert('background_jobs', job)
  await database.patch(thread._id, { updated_at: args.now })
  await recordJobEvent(database, job, args.now)
  return job
}
