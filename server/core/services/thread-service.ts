// Threads and their messages for one user: list, create, rename, tool switches, delete, history.
// Deleting a thread stops its unfinished jobs (and their descendants) on every instance first and
// releases its images afterwards. No HTTP here.
import type { Message, Thread, ThreadSummary } from '#shared/types/thread'
import type { PatchThreadBody } from '#shared/schemas/api'
import type { AppContext } from '../app-context'
import { badInput, notFound } from '../http/app-error'
import { stopJobTree } from '../jobs/job-tree'
import { requireOwnedThread } from './ownership'
import { releaseThreadUploads } from './upload-service'

type Context = Pick<AppContext, 'store' | 'runner' | 'uploads'>

/** The user's threads, newest first; with `query`, those whose title or message text contains it. */
export function listThreads(context: Context, userId: string, query?: string): Promise<ThreadSummary[]> {
  return query ? context.store.searchThreads(userId, query, 100) : context.store.listThreads(userId)
}

export function createThread(context: Context, userId: string, input: { title?: string }): Promise<Thread> {
  return context.store.createThread(userId, input)
}

export async function updateThread(context: Context & Pick<AppContext, 'config'>, userId: string, threadId: string, patch: PatchThreadBody): Promise<Thread> {
  const { models } = context.config.llm
  if (patch.model && !models.includes(patch.model)) throw badInput(`Model '${patch.model}' is not offered; available: ${models.join(', ')}`)
  const updated = await context.store.updateThread(userId, threadId, patch)
  if (!updated) throw notFound('thread', threadId)
  return updated
}

/** Stops the thread's unfinished jobs, then deletes it with its messages and jobs, and the images only it used. */
export async function deleteThread(context: Context, userId: string, threadId: string): Promise<void> {
  await requireOwnedThread(context.store, userId, threadId)
  const active = await context.store.listJobs(userId, { threadId, statuses: ['queued', 'streaming'] })
  await Promise.all(active.map(job => stopJobTree(context.store, context.runner, userId, job.id)))
  if (!(await context.store.deleteThread(userId, threadId))) throw notFound('thread', threadId)
  await releaseThreadUploads(context, userId, threadId)
}

export async function listMessages(context: Context, userId: string, threadId: string): Promise<Message[]> {
  await requireOwnedThread(context.store, userId, threadId)
  return context.store.listMessages(userId, threadId)
}
