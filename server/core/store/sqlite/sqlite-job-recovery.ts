// The recovery half of the SQLite store: job leases (claim, the batched heartbeat, release), the
// claimable listing and the rewind to a checkpoint. A claim is one guarded UPDATE, so two processes
// sharing the file can never both win it; a heartbeat renews all its leases in one transaction.
// Threads, turns and job writes live in the other sqlite-* files.
import type { Database } from 'better-sqlite3'
import type { JobRecoveryMethods, LeaseRenewal } from '../ports'
import { rewoundContentLength, rewoundToolCalls } from '../../../../shared/rules/job-recovery-rules'
import { jobFeedBody } from '../../../../shared/rules/user-feed-records'
import { jobFromRow, userEventToRow } from './sqlite-rows'
import type { SqliteStoreStatements } from './sqlite-job-statements'

/** Builds the recovery methods over an opened SQLite store's database and statements. */
export function createSqliteJobRecovery(database: Database, statements: SqliteStoreStatements): JobRecoveryMethods {
  const rewind = database.transaction((jobId: string, owner: string) => {
    const row = statements.selectHeldJob.get({ jobId, owner })
    if (!row) return null
    const job = jobFromRow(row)
    const now = Date.now()
    const rewound = statements.rewindJob.get({
      jobId,
      now,
      content: job.content.slice(0, rewoundContentLength(job.checkpoint)),
      toolCalls: JSON.stringify(rewoundToolCalls(job.toolCalls, job.checkpoint)),
    })
    if (!rewound) return null
    statements.markMessageStreaming.run({ jobId })
    const rewoundJob = jobFromRow(rewound)
    statements.insertUserEvent.run(userEventToRow(rewoundJob.userId, jobFeedBody(rewoundJob), now))
    return rewoundJob
  })

  const renew = database.transaction((owner: string, jobIds: string[], expiresAt: number): LeaseRenewal => {
    const renewal: LeaseRenewal = { lost: [], abortRequested: [] }
    for (const jobId of jobIds) {
      const row = statements.renewJobLease.get({ jobId, owner, expiresAt })
      if (!row) renewal.lost.push(jobId)
      else if (row.abort_requested_at !== null) renewal.abortRequested.push(jobId)
    }
    return renewal
  })

  return {
    async claimJobLease(jobId, owner, expiresAt, now) {
      const row = statements.claimJobLease.get({ jobId, owner, expiresAt, now })
      return row ? jobFromRow(row) : null
    },

    async renewJobLeases(owner, jobIds, expiresAt) {
      return renew.immediate(owner, jobIds, expiresAt)
    },

    async releaseJobLease(jobId, owner) {
      statements.releaseJobLease.run({ jobId, owner })
    },

    async systemListClaimableJobs(now) {
      return statements.listClaimableJobs.all({ now }).map(jobFromRow)
    },

    async rewindJobToCheckpoint(jobId, owner) {
      return rewind.immediate(jobId, owner)
    },
  }
}
