// Maps the lease-lost ConvexError a fenced Convex function throws (see convex/lib/jobFence.ts) to the
// Store's LeaseLostError, so callers see the same error from every provider. Every other error passes
// through unchanged.
import { z } from 'zod'
import { LEASE_LOST_CODE } from '../../../../convex/lib/jobFence'
import { LeaseLostError } from '../ports'

const leaseLostDataSchema = z.object({ code: z.literal(LEASE_LOST_CODE) })

/** True for the error a fenced function throws when the writer no longer holds the job's lease. */
export function isLeaseLostError(error: unknown): boolean {
  return error instanceof Error && 'data' in error && leaseLostDataSchema.safeParse(error.data).success
}

/** Runs the fenced write `write` of job `jobId`, turning a lost lease into LeaseLostError. */
export async function fencedWrite(jobId: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write()
  }
  catch (error) {
    if (isLeaseLostError(error)) throw new LeaseLostError(jobId)
    throw error
  }
}
