// The lease fence of every write to a running job: inside the writing mutation (one transaction with
// the write), the job must still be held by the writer. Unknown, foreign or no-longer-held jobs throw
// a ConvexError carrying LeaseLostData, which the provider maps to LeaseLostError; terminal jobs are
// returned as null so the write is skipped silently. Does not write anything itself.
import { ConvexError, v } from 'convex/values'
import type { DatabaseReader } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import { isTerminalStatus } from '../../shared/types/job'
import { findOwnedJob } from './jobRecords'
import { serverSecretArgs } from './serverSecret'

/** The `code` of the ConvexError a fenced write throws when the writer does not hold the lease. */
export const LEASE_LOST_CODE = 'leaseLost'

/** The data of that error (a type alias, not an interface: ConvexError data must be a Convex value). */
export type LeaseLostData = { code: typeof LEASE_LOST_CODE, jobId: string }

/** The arguments every fenced job write declares (its own follow). */
export const fencedJobArgs = { ...serverSecretArgs, userId: v.string(), jobId: v.string(), owner: v.string(), now: v.number() }

/** The lease-fence arguments of a job write, as the provider passes them. */
export interface FencedJobArgs {
  userId: string
  jobId: string
  owner: string
}

/**
 * The job row a fenced write may change: null when the job is terminal (skip the write); throws the
 * lease-lost ConvexError when the job is unknown, not the user's, or its lease is not `owner`'s.
 * A lease past its expiry still counts as held until someone else claims it.
 */
export async function findFencedJob(database: DatabaseReader, args: FencedJobArgs): Promise<Doc<'background_jobs'> | null> {
  const job = await findOwnedJob(database, args.userId, args.jobId)
  if (job && isTerminalStatus(job.status)) return null
  if (job?.lease_owner !== args.owner) {
    const data: LeaseLostData = { code: LEASE_LOST_CODE, jobId: args.jobId }
    throw new ConvexError(data)
  }
  return job
}
