// Convex functions for recovering jobs across instances: claim, renew (every lease an owner holds, in
// one call) and release a job's lease, list the claimable jobs, and rewind a job to its checkpoint
// before resuming it. A claim is one mutation, and Convex runs mutations serialisably, so of two
// racing claims exactly one wins. System functions: no user id, still secret-checked.
import { v } from 'convex/values'
import { type DatabaseReader, mutation, query } from './_generated/server'
import type { Doc } from './_generated/dataModel'
import { isTerminalStatus } from '../shared/types/job'
import {
  attemptsAfterClaim, canClaimLease, isLeaseFree, type JobLease, rewoundContentLength, rewoundToolCalls,
} from '../shared/rules/job-recovery-rules'
import { leaseRenewalVerdict } from '../shared/rules/job-fence-rules'
import { truncateJobText } from './lib/jobText'
import { keepJobToolCalls, readJobToolCalls } from './lib/jobToolCalls'
import { findJob, jobRuleFields, listUnfinishedJobs, readJobRecord } from './lib/jobRecords'
import { parseCheckpoint } from './lib/jsonFields'
import { findMessage } from './lib/messageRecords'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'
import { recordJobEvent } from './lib/userEvents'

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

/**
 * The heartbeat: moves the expiry of every listed job `owner` still holds (expired or not, as long as
 * nobody claimed it since) and that is not terminal; reports the others as lost and, among the held
 * ones, those whose stop was requested.
 */
export const renew = mutation({
  args: { ...serverSecretArgs, owner: v.string(), jobIds: v.array(v.string()), expiresAt: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const lost: string[] = []
    const abortRequested: string[] = []
    for (const jobId of new Set(args.jobIds)) {
      const job = await findJob(context.db, jobId)
      const verdict = leaseRenewalVerdict(job && jobRuleFields(job), args.owner)
      if (verdict === 'lost' || !job) {
        lost.push(jobId)
        continue
      }
      await context.db.patch(job._id, { lease_expires_at: args.expiresAt })
      if (verdict === 'renew_and_abort') abortRequested.push(jobId)
    }
    return { lost, abortRequested }
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
    const checkpoint = parseCheckpoint(job.checkpoint)
    await truncateJobText(context.db, job.job_id, rewoundContentLength(checkpoint))
    const kept = new Set(rewoundToolCalls(await readJobToolCalls(context.db, job), checkpoint).map(call => call.id))
    const patch = {
      status: 'streaming' as const, started_at: job.started_at ?? args.now, updated_at: args.now,
      text_floor: job.last_seq + 1, ...await keepJobToolCalls(context.db, job, kept),
    }
    await context.db.patch(job._id, patch)
    const message = job.message_id === null ? null : await findMessage(context.db, job.message_id)
    if (message) await context.db.patch(message._id, { status: 'streaming' })
    const rewound = { ...job, ...patch }
    if (job.status !== 'streaming') await recordJobEvent(context.db, rewound, args.now)
    return readJobRecord(context.db, rewound)
  },
})
