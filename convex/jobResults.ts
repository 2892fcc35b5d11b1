// Convex function marking a job's result collected (a sub-agent's `subagent_result`): the first call
// sets `result_read_at`, later calls keep that first time. Not fenced by the lease and allowed on
// terminal jobs; it changes nothing else about the job and records no feed event.
import { v } from 'convex/values'
import { mutation } from './_generated/server'
import { findOwnedJob } from './lib/jobRecords'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'

/** True when the user owns the job (now marked read); false for unknown and foreign jobs alike. */
export const markRead = mutation({
  args: { ...serverSecretArgs, userId: v.string(), jobId: v.string(), at: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findOwnedJob(context.db, args.userId, args.jobId)
    if (!job) return false
    if ((job.result_read_at ?? null) === null) await context.db.patch(job._id, { result_read_at: args.at })
    return true
  },
})
