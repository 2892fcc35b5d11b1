// Convex function for a stop asked from any instance: in one mutation, a terminal job is left alone,
// a job nobody holds at `now` (no owner, or an expired lease) is finished `aborted` at once, past the
// owner's numbering (lastSeq + SEQ_EPOCH_GAP), and a job a live process holds gets `abort_requested_at`
// for that owner's heartbeat to see. Stopping descendants is the runner's job, not this one's.
import { v } from 'convex/values'
import { mutation } from './_generated/server'
import { isTerminalStatus } from '../shared/types/job'
import { isLeaseFree } from '../shared/rules/job-recovery-rules'
import { SEQ_EPOCH_GAP } from '../shared/rules/job-seq-rules'
import { finishJobRow } from './lib/jobFinish'
import { findOwnedJob } from './lib/jobRecords'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'

export const request = mutation({
  args: { ...serverSecretArgs, userId: v.string(), jobId: v.string(), now: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findOwnedJob(context.db, args.userId, args.jobId)
    if (!job) return 'not_found' as const
    if (isTerminalStatus(job.status)) return 'terminal' as const
    if (isLeaseFree({ leaseOwner: job.lease_owner, leaseExpiresAt: job.lease_expires_at }, args.now)) {
      await finishJobRow(context.db, job, { status: 'aborted', error: null, lastSeq: job.last_seq + SEQ_EPOCH_GAP, now: args.now })
      return 'finished' as const
    }
    await context.db.patch(job._id, { abort_requested_at: args.now })
    return 'requested' as const
  },
})
