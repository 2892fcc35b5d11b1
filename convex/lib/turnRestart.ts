// What regenerate and edit share: the checks that may refuse a restart (a job of the thread still
// running, admission) and cutting the thread after a message — every later message with its job and
// that job's descendants. Writes only the deletions; the turn functions write the new turn.
import type { DatabaseReader, DatabaseWriter } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import { admitsRootJob } from './admission'
import { findJob } from './jobRecords'
import { deleteJobTree } from './jobTreeDeletion'
import { deleteMessageText } from './messageText'
import { threadHasActiveJob } from './threadRecords'

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
