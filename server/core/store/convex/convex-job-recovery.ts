// The lease and rewind methods of the convex provider (what recovery across instances uses), each one
// call to convex/jobLeases.ts, plus the system listings of housekeeping. No user id: never reachable
// from a request. Records are validated by convex-records.ts.
import { api } from '../../../../convex/_generated/api'
import type { JobRecoveryMethods, Store } from '../ports'
import type { ConvexCalls } from './convex-client'
import { jobFromRecord, leaseRenewalFromRecord } from './convex-records'

/** The Store's recovery and housekeeping methods. */
export type ConvexRecoveryMethods = JobRecoveryMethods & Pick<Store, 'systemDeleteFinishedJobs' | 'systemListUnfinishedJobs'>

export function convexJobRecovery(client: ConvexCalls): ConvexRecoveryMethods {
  return {
    async claimJobLease(jobId, owner, expiresAt, now) {
      const record = await client.mutation(api.jobLeases.claim, { jobId, owner, expiresAt, now })
      return record ? jobFromRecord(record) : null
    },

    async renewJobLeases(owner, jobIds, expiresAt) {
      return leaseRenewalFromRecord(await client.mutation(api.jobLeases.renew, { owner, jobIds, expiresAt }))
    },

    async releaseJobLease(jobId, owner) {
      await client.mutation(api.jobLeases.release, { jobId, owner })
    },

    async systemListClaimableJobs(now) {
      return (await client.query(api.jobLeases.listClaimable, { now })).map(jobFromRecord)
    },

    async rewindJobToCheckpoint(jobId, owner) {
      const record = await client.mutation(api.jobLeases.rewind, { jobId, owner, now: Date.now() })
      return record ? jobFromRecord(record) : null
    },

    async systemDeleteFinishedJobs(cutoff) {
      let deleted = 0
      for (;;) {
        const batch = await client.mutation(api.jobHousekeeping.cleanup, { cutoff })
        deleted += batch.deleted
        if (batch.done) return deleted
      }
    },

    async systemListUnfinishedJobs() {
      return (await client.query(api.jobHousekeeping.listUnfinished, {})).map(jobFromRecord)
    },
  }
}
