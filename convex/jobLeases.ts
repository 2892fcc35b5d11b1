// Convex functions for recovering jobs across instances: claim, renew and release a job's lease, list
// the claimable jobs, and rewind a job to its checkpoint before resuming it. A claim is one mutation,
// and Convex runs mutations serialisably, so of two racing claims exactly one wins. System functions:
// no user id, still secret-checked.
import { v } from 'convex/values'
import { type DatabaseReader, mutation, query } from './_generated/server'
import type { Doc } from './_generated/dataModel'
import { isTerminalStatus, type JobCheckpoint } from '../shared/types/job'
import type { ToolCallState } from '../shared/types/tool-call'
import {
  attemptsAfterClaim, canClaimLease, isLeaseFree, type JobLease, rewoundContentLength, rewoundToolCalls,
} from '../shared/rules/job-recovery-rules'
import { truncateJobText } from './lib/jobText'
import { findJob, listUnfinishedJobs, readJobRecord } from './lib/jobRecords'
import { findMessage } from './lib/messageRecords'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'

const leaseOf = (job: Doc<'background_jobs'>): JobLease => ({ leaseOwner: job.lease_owner, leaseExpiresAt: job.lease_expires_at })

/** The job while `owner` holds its lease and it is not terminal. */
async function findHeldJob(database: DatabaseReader, jobId: string, owner: string): Promise<Doc<'background_jobs'> | null> {
  const job = await findJob(database, jobId)
  return job && !isTerminalStatus(job.status) && job.lease_owner === owner ? job : null
}

export const claim = mutation({
  args: { ...serverSecretArgs, jobId: v.string(), owner: v.string(), expiresAt: v.number(), now: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findJob(context.db, args.jobId)
    if (!job || isTerminalStatus(job.status) || !canClaimLease(leaseOf(job), args.owner, args.now)) return null
    const claimed = {
      ...job, attempts: attemptsAfterClaim(job.attempts, leaseOf(job), args.owner), lease_owner: args.owner, lease_expires_at: args.expiresAt,
    }
    await context.db.patch(job._id, { attempts: claimed.attempts, lease_owner: claimed.lease_owner, lease_expires_at: claimed.lease_expires_at })
    return readJobRecord(context.db, claimed)
  },
})

export const renew = mutation({
  args: { ...serverSecretArgs, jobId: v.string(), owner: v.string(), expiresAt: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findHeldJob(context.db, args.jobId, args.owner)
    if (!job) return false
    await context.db.patch(job._id, { lease_expires_at: args.expiresAt })
    return true
  },
})

export const release = mutation({
  args: { ...serverSecretArgs, jobId: v.string(), owner: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findJob(context.db, args.jobId)
    if (job?.lease_owner === args.owner) await context.db.patch(job._id, { lease_owner: null, lease_expires_at: null })
    return null
  },
})

/** Unfinished jobs whose lease is free at `now`, oldest first. */
export const listClaimable = query({
  args: { ...serverSecretArgs, now: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const claimable = (await listUnfinishedJobs(context.db)).filter(job => isLeaseFree(leaseOf(job), args.now))
    return Promise.all(claimable.map(job => readJobRecord(context.db, job)))
  },
})

/** Cuts text and tool calls back to the checkpoint and sets the job (and its message) streaming. */
export const rewind = mutation({
  args: { ...serverSecretArgs, jobId: v.string(), owner: v.string(), now: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findHeldJob(context.db, args.jobId, args.owner)
    if (!job) return null
    const checkpoint = job.checkpoint === null ? null : JSON.parse(job.checkpoint) as JobCheckpoint
    await truncateJobText(context.db, job.job_id, rewoundContentLength(checkpoint))
    const rewound = {
      ...job, status: 'streaming' as const, started_at: job.started_at ?? args.now, updated_at: args.now,
      tool_calls: JSON.stringify(rewoundToolCalls(JSON.parse(job.tool_calls) as ToolCallState[], checkpoint)),
    }
    await context.db.patch(job._id, {
      status: rewound.status, started_at: rewound.started_at, updated_at: rewound.updated_at, tool_calls: rewound.tool_calls,
    })
    const message = await findMessage(context.db, job.message_id)
    if (message) await context.db.patch(message._id, { status: 'streaming' })
    return readJobRecord(context.db, rewound)
  },
})
