// Convex functions that restart a turn of a thread: regenerate (the assistant message keeps its id
// and place, reset and written by a new queued job) and edit (the user message gets new text and a
// new assistant message follows). Both cut every later message with its jobs, refuse while a job of
// the thread runs, check admission, and record feed events — all in one mutation.
import { v } from 'convex/values'
import { type DatabaseWriter, mutation } from './_generated/server'
import type { Doc } from './_generated/dataModel'
import { findMessage, messageRecordFromDocument, readMessageRecord } from './lib/messageRecords'
import { deleteMessageText, writeMessageText } from './lib/messageText'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'
import { jobRecordFromDocument } from './lib/jobRecords'
import { findOwnedThread } from './lib/threadRecords'
import { deleteJobById, deleteMessagesAfter, restartRefusal, threadMessages } from './lib/turnRestart'
import { assistantMessageDocument, queuedAssistantFields, turnJobDocument } from './lib/turnRows'
import { recordJobEvent } from './lib/userEvents'

const restartArgs = {
  ...serverSecretArgs, userId: v.string(), messageId: v.string(), model: v.string(), isDemo: v.boolean(),
  maxActiveJobsPerUser: v.optional(v.number()), jobId: v.string(), now: v.number(),
}

const notFound = { outcome: 'notFound' as const }

/** Regenerates the user's assistant message `messageId` in place with a new queued chat job `jobId`. */
export const regenerate = mutation({
  args: restartArgs,
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const message = await findMessage(context.db, args.messageId)
    if (message?.user_id !== args.userId || message.role !== 'assistant') return notFound
    const thread = await findOwnedThread(context.db, args.userId, message.thread_id)
    if (!thread) return notFound
    const messages = await threadMessages(context.db, thread.thread_id)
    const userMessage = messages.slice(0, messages.findIndex(candidate => candidate._id === message._id)).reverse()
      .find(candidate => candidate.role === 'user')
    if (!userMessage) return notFound
    const refusal = await restartRefusal(context.db, args.userId, thread.thread_id, args.maxActiveJobsPerUser)
    if (refusal) return refusal
    await deleteMessagesAfter(context.db, messages, message)
    await deleteJobById(context.db, message.job_id)
    await deleteMessageText(context.db, message.message_id)
    const place = { userId: args.userId, threadId: thread.thread_id, now: args.now }
    const jobFields = { jobId: args.jobId, kind: 'chat' as const, title: null, inputJson: null, model: args.model, isDemo: args.isDemo }
    const reset = queuedAssistantFields(jobFields)
    await context.db.patch(message._id, reset)
    const job = turnJobDocument(place, message.message_id, jobFields)
    await context.db.insert('background_jobs', job)
    await touchThread(context, thread, args.now)
    await recordJobEvent(context.db, job, args.now)
    return {
      outcome: 'created' as const,
      userMessage: await readMessageRecord(context.db, userMessage),
      assistantMessage: messageRecordFromDocument({ ...message, ...reset }, ''),
      job: jobRecordFromDocument(job, ''),
    }
  },
})

/** Gives the user's user message `messageId` the text `content` and answers it again with a new queued chat job. */
export const edit = mutation({
  args: { ...restartArgs, content: v.string(), assistantMessageId: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const message = await findMessage(context.db, args.messageId)
    if (message?.user_id !== args.userId || message.role !== 'user') return notFound
    const thread = await findOwnedThread(context.db, args.userId, message.thread_id)
    if (!thread) return notFound
    const refusal = await restartRefusal(context.db, args.userId, thread.thread_id, args.maxActiveJobsPerUser)
    if (refusal) return refusal
    await deleteMessagesAfter(context.db, await threadMessages(context.db, thread.thread_id), message)
    const text = await writeMessageText(context.db, message.message_id, args.content)
    await context.db.patch(message._id, text)
    const place = { userId: args.userId, threadId: thread.thread_id, now: args.now }
    const jobFields = { jobId: args.jobId, kind: 'chat' as const, title: null, inputJson: null, model: args.model, isDemo: args.isDemo }
    const assistantMessage = assistantMessageDocument(place, args.assistantMessageId, jobFields)
    const job = turnJobDocument(place, args.assistantMessageId, jobFields)
    await context.db.insert('messages', assistantMessage)
    await context.db.insert('background_jobs', job)
    await touchThread(context, thread, args.now)
    await recordJobEvent(context.db, job, args.now)
    return {
      outcome: 'created' as const,
      userMessage: messageRecordFromDocument({ ...message, ...text }, args.content),
      assistantMessage: messageRecordFromDocument(assistantMessage, ''),
      job: jobRecordFromDocument(job, ''),
    }
  },
})

/** Moves the thread's updatedAt to `now`, as a new turn does; the feed hears only of the new job (the title stays). */
async function touchThread(context: { db: DatabaseWriter }, thread: Doc<'threads'>, now: number): Promise<void> {
  await context.db.patch(thread._id, { updated_at: now })
}
