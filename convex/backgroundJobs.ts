// Convex functions for the life of a background job: create (a turn: user message, assistant message
// and queued job, with admission checked in the same transaction), get, list, markStreaming and
// finish (complete, error or aborted). Progress writes live in jobProgress.ts, leases in jobLeases.ts.
import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import { ACTIVE_JOB_STATUSES } from '../shared/types/job'
import { titleAfterTurn } from '../shared/rules/thread-title'
import { readJobText } from './lib/jobText'
import { findChangeableJob, findOwnedJob, jobRecordFromDocument, newestJobsFirst, readJobRecord } from './lib/jobRecords'
import { findMessage, messageRecordFromDocument } from './lib/messageRecords'
import { writeMessageText } from './lib/messageText'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'
import { findOwnedThread, findThread } from './lib/threadRecords'
import { finishStatusValidator, jobKindValidator, jobStatusValidator } from './lib/validators'

/** Creates a turn. The ids and the time come from the Errand server, so every provider makes them alike. */
export const create = mutation({
  args: {
    ...serverSecretArgs, userId: v.string(), threadId: v.string(), content: v.string(), model: v.string(),
    isDemo: v.boolean(), kind: jobKindValidator, maxActiveJobsPerUser: v.optional(v.number()),
    userMessageId: v.string(), assistantMessageId: v.string(), jobId: v.string(), now: v.number(),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const thread = await findOwnedThread(context.db, args.userId, args.threadId)
    if (!thread) return { outcome: 'threadNotFound' as const }
    const limit = args.maxActiveJobsPerUser
    if (limit !== undefined) {
      let active = 0
      for (const status of ACTIVE_JOB_STATUSES) {
        active += (await context.db.query('background_jobs')
          .withIndex('by_user_status', range => range.eq('user_id', args.userId).eq('status', status)).collect()).length
      }
      if (active >= limit) return { outcome: 'tooManyActiveJobs' as const, limit }
    }
    const common = { thread_id: thread.thread_id, user_id: args.userId, error: null, tool_calls: '[]', usage: null, created_at: args.now }
    const userMessage = {
      ...common, message_id: args.userMessageId, role: 'user' as const, ...await writeMessageText(context.db, args.userMessageId, args.content),
      job_id: null, status: null, model: null, is_demo: false,
    }
    const assistantMessage = {
      ...common, message_id: args.assistantMessageId, role: 'assistant' as const, content: '', content_overflow_chunks: 0,
      job_id: args.jobId, status: 'queued' as const, model: args.model, is_demo: args.isDemo,
    }
    const job = {
      job_id: args.jobId, user_id: args.userId, thread_id: thread.thread_id, message_id: args.assistantMessageId,
      type: args.kind, status: 'queued' as const, model: args.model, is_demo: args.isDemo, next_chunk_index: 0,
      chunks_received: 0, tool_calls: '[]', tool_rounds: [], usage: null, error: null, last_seq: 0,
      created_at: args.now, started_at: null, finished_at: null, updated_at: args.now,
      attempts: 0, lease_owner: null, lease_expires_at: null, checkpoint: null,
    }
    await context.db.insert('messages', userMessage)
    await context.db.insert('messages', assistantMessage)
    await context.db.insert('background_jobs', job)
    await context.db.patch(thread._id, { title: titleAfterTurn(thread.title, args.content), updated_at: args.now })
    return {
      outcome: 'created' as const,
      userMessage: messageRecordFromDocument(userMessage, args.content),
      assistantMessage: messageRecordFromDocument(assistantMessage, ''),
      job: jobRecordFromDocument(job, ''),
    }
  },
})

export const get = query({
  args: { ...serverSecretArgs, userId: v.string(), jobId: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findOwnedJob(context.db, args.userId, args.jobId)
    return job ? readJobRecord(context.db, job) : null
  },
})

/** The user's jobs, newest first, optionally only those with one of `statuses` and on `threadId`. */
export const list = query({
  args: {
    ...serverSecretArgs, userId: v.string(), statuses: v.optional(v.array(jobStatusValidator)), threadId: v.optional(v.string()),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const byUser = await context.db.query('background_jobs').withIndex('by_user_status', range => range.eq('user_id', args.userId)).collect()
    const matching = byUser.filter(job => (args.statuses === undefined || args.statuses.includes(job.status))
      && (args.threadId === undefined || job.thread_id === args.threadId))
    return Promise.all(newestJobsFirst(matching).map(job => readJobRecord(context.db, job)))
  },
})

/** queued → streaming (sets startedAt, and the message's status). No-op for any other status. */
export const markStreaming = mutation({
  args: { ...serverSecretArgs, userId: v.string(), jobId: v.string(), now: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findOwnedJob(context.db, args.userId, args.jobId)
    if (job?.status !== 'queued') return null
    await context.db.patch(job._id, { status: 'streaming', started_at: args.now, updated_at: args.now })
    const message = await findMessage(context.db, job.message_id)
    if (message) await context.db.patch(message._id, { status: 'streaming' })
    return null
  },
})

/**
 * The terminal transition (complete, error or aborted): clears the lease and copies text, tool calls
 * and usage onto the assistant message, where they outlive the job. Ignored for a terminal job.
 */
export const finish = mutation({
  args: {
    ...serverSecretArgs, userId: v.string(), jobId: v.string(), status: finishStatusValidator,
    error: v.union(v.string(), v.null()), lastSeq: v.number(), now: v.number(),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findChangeableJob(context.db, args.userId, args.jobId)
    if (!job) return null
    await context.db.patch(job._id, {
      status: args.status, error: args.error, last_seq: args.lastSeq, finished_at: args.now, updated_at: args.now,
      lease_owner: null, lease_expires_at: null,
    })
    const message = await findMessage(context.db, job.message_id)
    if (message) {
      const text = await writeMessageText(context.db, message.message_id, await readJobText(context.db, job.job_id))
      await context.db.patch(message._id, { ...text, status: args.status, error: args.error, tool_calls: job.tool_calls, usage: job.usage })
    }
    const thread = await findThread(context.db, job.thread_id)
    if (thread) await context.db.patch(thread._id, { updated_at: args.now })
    return null
  },
})
