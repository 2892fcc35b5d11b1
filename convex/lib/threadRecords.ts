// Thread rows: finding one by Errand id (optionally scoped to its user) and turning a row into the
// shared `Thread` the Store returns. No writes here; the thread functions do those.
import type { DatabaseReader } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import type { Thread } from '../../shared/types/thread'

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
export function threadFromDocument(thread: Omit<Doc<'threads'>, '_id' | '_creationTime'>): Thread {
  return {
    id: thread.thread_id,
    userId: thread.user_id,
    title: thread.title,
    disabledTools: thread.disabled_tools,
    createdAt: thread.created_at,
    updatedAt: thread.updated_at,
  }
}
