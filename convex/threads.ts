// Convex functions for threads: create, get, list (with each thread's active job), update and remove
// (with its messages, jobs and their text). Called only by the Errand server's convex provider, with
// the server secret; every function is scoped to the user id the server passes.
import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import type { ThreadSummary } from '../shared/types/thread'
import { ACTIVE_JOB_STATUSES, type JobStatus } from '../shared/types/job'
import { DEFAULT_THREAD_TITLE } from '../shared/rules/thread-title'
import { deleteJobText } from './lib/jobText'
import { newestJobsFirst } from './lib/jobRecords'
import { deleteMessageText } from './lib/messageText'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'
import { findOwnedThread, threadFromDocument } from './lib/threadRecords'

const isActive = (status: JobStatus): boolean => (ACTIVE_JOB_STATUSES as readonly JobStatus[]).includes(status)

export const create = mutation({
  args: { ...serverSecretArgs, userId: v.string(), threadId: v.string(), title: v.optional(v.string()), now: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const thread = {
      thread_id: args.threadId, user_id: args.userId, title: args.title ?? DEFAULT_THREAD_TITLE, disabled_tools: [],
      created_at: args.now, updated_at: args.now,
    }
    await context.db.insert('threads', thread)
    return threadFromDocument(thread)
  },
})

export const get = query({
  args: { ...serverSecretArgs, userId: v.string(), threadId: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const thread = await findOwnedThread(context.db, args.userId, args.threadId)
    return thread ? threadFromDocument(thread) : null
  },
})

export const list = query({
  args: { ...serverSecretArgs, userId: v.string() },
  handler: async (context, args): Promise<ThreadSummary[]> => {
    requireServerSecret(args.secret)
    const threads = await context.db.query('threads')
      .withIndex('by_user_updated', range => range.eq('user_id', args.userId)).order('desc').collect()
    return Promise.all(threads.map(async (thread) => {
      const jobs = await context.db.query('background_jobs')
        .withIndex('by_thread_message', range => range.eq('thread_id', thread.thread_id)).collect()
      const active = newestJobsFirst(jobs.filter(job => isActive(job.status)))[0]
      return { ...threadFromDocument(thread), activeJobId: active?.job_id ?? null }
    }))
  },
})

export const update = mutation({
  args: {
    ...serverSecretArgs, userId: v.string(), threadId: v.string(),
    title: v.optional(v.string()), disabledTools: v.optional(v.array(v.string())), now: v.number(),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const thread = await findOwnedThread(context.db, args.userId, args.threadId)
    if (!thread) return null
    const patch = {
      title: args.title ?? thread.title, disabled_tools: args.disabledTools ?? thread.disabled_tools, updated_at: args.now,
    }
    await context.db.patch(thread._id, patch)
    return threadFromDocument({ ...thread, ...patch })
  },
})

/** Deletes the thread with its messages, jobs and their text in one transaction. */
export const remove = mutation({
  args: { ...serverSecretArgs, userId: v.string(), threadId: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const thread = await findOwnedThread(context.db, args.userId, args.threadId)
    if (!thread) return false
    const messages = await context.db.query('messages')
      .withIndex('by_thread_created', range => range.eq('thread_id', thread.thread_id)).collect()
    for (const message of messages) {
      await deleteMessageText(context.db, message.message_id)
      await context.db.delete(message._id)
    }
    const jobs = await context.db.query('background_jobs')
      .withIndex('by_thread_message', range => range.eq('thread_id', thread.thread_id)).collect()
    for (const job of jobs) {
      await deleteJobText(context.db, job.job_id)
      await context.db.delete(job._id)
    }
    await context.db.delete(thread._id)
    return true
  },
})
