// Convex functions for threads: create, get, list (with each thread's active job), update, remove
// (with its messages, jobs, their descendants and text) and search. Called only by the Errand server's
// convex provider, with the server secret; every function is scoped to the user id the server passes,
// and every change records its feed event in the same mutation.
import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import type { ThreadSummary } from '../shared/types/thread'
import { DEFAULT_THREAD_TITLE } from '../shared/rules/thread-title'
import { listThreadJobs } from './lib/jobRecords'
import { deleteJobTree } from './lib/jobTreeDeletion'
import { deleteMessageText } from './lib/messageText'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'
import { threadMatches } from './lib/threadSearch'
import { findOwnedThread, threadFromDocument, threadSummaryOf } from './lib/threadRecords'
import { recordUserEvent, threadEventBody } from './lib/userEvents'
import { nullable } from './lib/validators'

export const create = mutation({
  args: { ...serverSecretArgs, userId: v.string(), threadId: v.string(), title: v.optional(v.string()), now: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const thread = {
      thread_id: args.threadId, user_id: args.userId, title: args.title ?? DEFAULT_THREAD_TITLE, disabled_tools: [],
      enabled_tools: [], model: null, created_at: args.now, updated_at: args.now,
    }
    await context.db.insert('threads', thread)
    await recordUserEvent(context.db, args.userId, threadEventBody(thread), args.now)
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
    return Promise.all(threads.map(thread => threadSummaryOf(context.db, thread)))
  },
})

/** Replaces the fields given (a null model clears it); the others stay. */
export const update = mutation({
  args: {
    ...serverSecretArgs, userId: v.string(), threadId: v.string(), title: v.optional(v.string()),
    disabledTools: v.optional(v.array(v.string())), enabledTools: v.optional(v.array(v.string())),
    model: v.optional(nullable(v.string())), now: v.number(),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const thread = await findOwnedThread(context.db, args.userId, args.threadId)
    if (!thread) return null
    const patch = {
      title: args.title ?? thread.title, disabled_tools: args.disabledTools ?? thread.disabled_tools,
      enabled_tools: args.enabledTools ?? thread.enabled_tools, model: args.model === undefined ? thread.model : args.model,
      updated_at: args.now,
    }
    await context.db.patch(thread._id, patch)
    const updated = { ...thread, ...patch }
    await recordUserEvent(context.db, args.userId, threadEventBody(updated), args.now)
    return threadFromDocument(updated)
  },
})

/** Deletes the thread with its messages, its jobs and their descendants, and all their text, in one transaction. */
export const remove = mutation({
  args: { ...serverSecretArgs, userId: v.string(), threadId: v.string(), now: v.number() },
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
    for (const job of await listThreadJobs(context.db, thread.thread_id)) {
      // A descendant in the same thread may already be gone with its parent's tree.
      if (await context.db.get(job._id)) await deleteJobTree(context.db, job)
    }
    await context.db.delete(thread._id)
    await recordUserEvent(context.db, args.userId, { type: 'thread_deleted', threadId: thread.thread_id }, args.now)
    return true
  },
})

/**
 * The user's threads whose title or any message text contains `query` (case-insensitive, literal),
 * newest first, at most `limit`, each with its active job. Reads threads newest first and stops at `limit`.
 */
export const search = query({
  args: { ...serverSecretArgs, userId: v.string(), query: v.string(), limit: v.number() },
  handler: async (context, args): Promise<ThreadSummary[]> => {
    requireServerSecret(args.secret)
    const found: ThreadSummary[] = []
    if (args.limit <= 0) return found
    const threads = context.db.query('threads').withIndex('by_user_updated', range => range.eq('user_id', args.userId)).order('desc')
    for await (const thread of threads) {
      if (!await threadMatches(context.db, thread, args.query)) continue
      found.push(await threadSummaryOf(context.db, thread))
      if (found.length >= args.limit) break
    }
    return found
  },
})
