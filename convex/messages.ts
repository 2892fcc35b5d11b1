// Convex function listing a thread's messages for the Errand server, oldest first, each with the
// current output of its job while that job is unfinished (the provider overlays it with the shared
// `withLiveJobOutput` rule, so all providers show a live job the same way). Secret-checked.
import { v } from 'convex/values'
import { query } from './_generated/server'
import { isTerminalStatus } from '../shared/types/job'
import { findJob, type JobRecord, readJobRecord } from './lib/jobRecords'
import { type MessageRecord, readMessageRecord } from './lib/messageRecords'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'
import { findOwnedThread } from './lib/threadRecords'

/** The output of an unfinished job, as a message shows it. */
export type LiveJobOutputRecord = Pick<JobRecord, 'status' | 'content' | 'toolCallsJson' | 'usage' | 'error'>

/** A message with the output of its unfinished job, if it has one. */
export interface ListedMessageRecord {
  message: MessageRecord
  liveJob: LiveJobOutputRecord | null
}

export const list = query({
  args: { ...serverSecretArgs, userId: v.string(), threadId: v.string() },
  handler: async (context, args): Promise<ListedMessageRecord[]> => {
    requireServerSecret(args.secret)
    if (!await findOwnedThread(context.db, args.userId, args.threadId)) return []
    const messages = await context.db.query('messages')
      .withIndex('by_thread_created', range => range.eq('thread_id', args.threadId)).collect()
    return Promise.all(messages.map(async (message) => {
      const job = message.job_id === null ? null : await findJob(context.db, message.job_id)
      if (!job || isTerminalStatus(job.status)) return { message: await readMessageRecord(context.db, message), liveJob: null }
      const { status, content, toolCallsJson, usage, error } = await readJobRecord(context.db, job)
      return { message: await readMessageRecord(context.db, message), liveJob: { status, content, toolCallsJson, usage, error } }
    }))
  },
})
