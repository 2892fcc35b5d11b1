// Convex functions for the life of a background job: create (a turn: user message, assistant message
// and queued job, with admission checked in the same transaction), get, list, markStreaming and
// finish (complete, error or aborted), the last two lease-fenced. Jobs without a message live in
// jobTrees.ts, progress writes in jobProgress.ts, leases in jobLeases.ts, stop requests in jobAborts.ts.
import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import { titleAfterTurn } from '../shared/rules/thread-title'
import { admitsRootJob } from './lib/admission'
import { fencedJobArgs, findFencedJob } from './lib/jobFence'
import { finishJobRow } from './lib/jobFinish'
import { findOwnedJob, jobRecordFromDocument, newestJobsFirst, readJobRecord } from './lib/jobRecords'
import { findMessage, messageRecordFromDocument } from './lib/messageRecords'
import { writeMessageText } from './lib/messageText'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'
import { findOwnedThread } from './lib/threadRecords'
import { assistantMessageDocument, turnJobDocument, userMessageDocument } from './lib/turnRows'
import { recordJobEvent, recordThreadEvent } from './lib/userEvents'
import { finishStatusValidator, jobKindValidator, jobStatusValidator, nullable } from './lib/validators'

/** Creates a turn. The ids and the time come from the Errand server, so every provider makes them alike. */
export const create = mutation({
  args: {
    ...serverSecretArgs, userId: v.string(), threadId: v.string(), content: v.string(), model: v.string(),
    isDemo: v.boolean(), kind: jobKindValidator, title: nullable(v.string()), inputJson: nullable(v.string()),
    maxActiveJobsPerUser: v.optional(v.number()),
    userMessageId: v.string(), assistantMessageId: v.string(), jobId: v.string(), now: v.number(),
    /** The user message's image parts as JSON (Upload[]). */
    attachmentsJson: v.optional(v.string()),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const thread = await findOwnedThread(context.db, args.userId, args.threadId)
    if (!thread) return { outcome: 'threadNotFound' as const }
    if (!await admitsRootJob(context.db, args.userId, args.maxActiveJobsPerUser)) {
      return { outcome: 'tooManyActiveJobs' as const, limit: args.maxActiveJobsPerUser ?? 0 }
    }
    const place = { userId: args.userId, threadId: thread.thread_id, now: args.now }
    const jobFields = { jobId: args.jobId, kind: args.kind, title: args.title, inputJson: args.inputJson, model: args.model, isDemo: args.isDemo }
    const userMessage = userMessageDocument(place, args.userMessageId, await writeMessageText(context.db, args.userMessageId, args.content), args.attachmentsJson)
    const assistantMessage = assistantMessageDocument(place, args.assistantMessageId, jobFields)
    const job = turnJobDocument(place, args.assistantMessageId, jobFields)
    await context.db.insert('messages', userMessage)
    await context.db.insert('messages', assistantMessage)
    await context.db.insert('background_jobs', job)
    const threadPatch = { title: titleAfterTurn(thread.title, args.content), updated_at: args.now }
    await context.db.patch(thread._id, threadPatch)
    // The feed hears of the thread only when the turn retitled it.
    if (threadPatch.title !== thread.title) await recordThreadEvent(context.db, { ...thread, ...threadPatch }, args.now)
    await recordJobEvent(context.db, job, args.now)
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

/** The user's jobs, newest first, optionally only those matching every filter given. */
export const list = query({
  args: {
    ...serverSecretArgs, userId: v.string(), statuses: v.optional(v.array(jobStatusValidator)), threadId: v.optional(v.string()),
    kinds: v.optional(v.array(jobKindValidator)), parentJobId: v.optional(v.string()),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const byUser = await context.db.query('background_jobs').withIndex('by_user_status', range => range.eq('user_id', args.userId)).collect()
    const matching = byUser.filter(job => (args.statuses === undefined || args.statuses.includes(job.status))
      && (args.threadId === undefined || job.thread_id === args.threadId)
      && (args.kinds === undefined || args.kinds.includes(job.type))
      && (args.parentJobId === undefined || job.parent_job_id === args.parentJobId))
    return Promise.all(newestJobsFirst(matching).map(job => readJobRecord(context.db, job)))
  },
})

/** queued → streaming (sets startedAt, and the message's status). No-op for any other status. Fenced. */
export const markStreaming = mutation({
  args: fencedJobArgs,
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findFencedJob(context.db, args)
    if (job?.status !== 'queued') return null
    const started = { status: 'streaming' as const, started_at: args.now, updated_at: args.now }
    await context.db.patch(job._id, started)
    const message = job.message_id === null ? null : await findMessage(context.db, job.message_id)
    if (message) await context.db.patch(message._id, { status: 'streaming' })
    await recordJobEvent(context.db, { ...job, ...started }, args.now)
    return null
  },
})

/**
 * The terminal transition (complete, error or aborted): clears the lease and any abort request and
 * copies text, tool calls and usage onto the assistant message, where they outlive the job. Ignored
 * for a terminal job. Fenced.
 */
export const finish = mutation({
  args: { ...fencedJobArgs, status: finishStatusValidator, error: nullable(v.string()), lastSeq: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findFencedJob(context.db, args)
    if (job) await finishJobRow(context.db, job, { status: args.status, error: args.error, lastSeq: args.lastSeq, now: args.now })
    return null
  },
})
