// The lease fence of every write to a running job: inside the writing mutation (one transaction with
// the write), the job must still be held by the writer. Unknown, foreign or no-longer-held jobs throw
// a ConvexError carrying LeaseLostData, which the provider maps to LeaseLostError; terminal jobs are
// returned as null so the write is skipped silently (the verdict is shared/rules/job-fence-rules.ts).
// Does not write anything itself.
import { ConvexError, v } from 'convex/values'
import type { DatabaseReader } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import { fencedWriteVerdict } from '../../shared/rules/job-fence-rules'
import { findOwnedJob, jobRuleFields } from './jobRecords'
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
  const verdict = fencedWriteVerdict(job && jobRuleFields(job), args.owner)
  if (verdict === 'ignore') return null
  if (verdict === 'lost' || job === null) {
    const data: LeaseLostData = { code: LEASE_LOST_CODE, jobId: args.jobId }
    throw new ConvexError(data)
  }
  return job
}
