// The Convex query a follower reads a job's progress with (Store.getJobProgress): what was stored
// after a cursor — text chunks through their seq index, changed tool-call rows — and the job's status,
// error, usage and lastSeq. Subscribed to over a WebSocket, it is re-run by Convex whenever one of the
// rows it read changes, so a follower needs no polling. Writes nothing.
import { v } from 'convex/values'
import { query } from './_generated/server'
import { progressCursor } from '../shared/rules/job-progress-rules'
import { findOwnedJob } from './lib/jobRecords'
import { readJobTextAfter } from './lib/jobText'
import { readToolCallsChangedAfter } from './lib/jobToolCalls'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'

/** The job's progress after `afterSeq` (tool calls as JSON, like job records), or null when it is not the user's. */
export const since = query({
  args: { ...serverSecretArgs, userId: v.string(), jobId: v.string(), afterSeq: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findOwnedJob(context.db, args.userId, args.jobId)
    if (!job) return null
    const { resync, cursor } = progressCursor(args.afterSeq, { lastSeq: job.last_seq, textFloor: job.text_floor ?? 0 })
    const served = !resync
    return {
      status: job.status, error: job.error, usage: job.usage, lastSeq: job.last_seq, cursor, resync,
      chunks: served ? await readJobTextAfter(context.db, job.job_id, args.afterSeq) : [],
      toolCallsJson: JSON.stringify(served ? await readToolCallsChangedAfter(context.db, job.job_id, args.afterSeq) : []),
    }
  },
})
