// Convex functions that restart a turn of a thread: regenerate (the assistant message keeps its id
// and place, reset and written by a new queued job) and edit (the user message gets new text and a
// new assistant message follows). Both cut every later message with its jobs, refuse while a job of
// the thread runs, check admission, and record the new job on the feed — all in one mutation.
import { v } from 'convex/values'
import { mutation } from './_generated/server'
import { jobRecordFromDocument } from './lib/jobRecords'
import { messageRecordFromDocument, readMessageRecord } from './lib/messageRecords'
import { deleteMessageText, writeMessageText } from './lib/messageText'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'
import {
  deleteJobById, deleteMessagesAfter, findRestartPoint, queueRestartJob, restartJobFields, restartRefusal, threadMessages,
} from './lib/turnRestart'
import { assistantMessageDocument, queuedAssistantFields } from './lib/turnRows'

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
    const point = await findRestartPoint(context.db, args.userId, args.messageId, 'assistant')
    if (!point) return notFound
    const { message, thread } = point
    const messages = await threadMessages(context.db, thread.thread_id)
    const userMessage = messages.slice(0, messages.findIndex(candidate => candidate._id === message._id)).reverse()
      .find(candidate => candidate.role === 'user')
    if (!userMessage) return notFound
    const refusal = await restartRefusal(context.db, args.userId, thread.thread_id, args.maxActiveJobsPerUser)
    if (refusal) return refusal
    await deleteMessagesAfter(context.db, messages, message)
    await deleteJobById(context.db, message.job_id)
    await deleteMessageText(context.db, message.message_id)
    const reset = queuedAssistantFields(restartJobFields(args))
    await context.db.patch(message._id, reset)
    const job = await queueRestartJob(context.db, thread, message.message_id, args)
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
    const point = await findRestartPoint(context.db, args.userId, args.messageId, 'user')
    if (!point) return notFound
    const { message, thread } = point
    const refusal = await restartRefusal(context.db, args.userId, thread.thread_id, args.maxActiveJobsPerUser)
    if (refusal) return refusal
    await deleteMessagesAfter(context.db, await threadMessages(context.db, thread.thread_id), message)
    const text = await writeMessageText(context.db, message.message_id, args.content)
    await context.db.patch(message._id, text)
    const assistantMessage = assistantMessageDocument(
      { userId: args.userId, threadId: thread.thread_id, now: args.now }, args.assistantMessageId, restartJobFields(args),
    )
    await context.db.insert('messages', assistantMessage)
    const job = await queueRestartJob(context.db, thread, args.assistantMessageId, args)
    return {
      outcome: 'created' as const,
      userMessage: messageRecordFromDocument({ ...message, ...text }, args.content),
      assistantMessage: messageRecordFromDocument(assistantMessage, ''),
      job: jobRecordFromDocument(job, ''),
    }
  },
})
