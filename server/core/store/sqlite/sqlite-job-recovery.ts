// The recovery half of the SQLite store: job leases (claim, the batched heartbeat, release), the
// claimable listing and the rewind to a checkpoint. A claim is one guarded UPDATE, so two processes
// sharing the file can never both win it; a heartbeat renews all its leases in one transaction.
// Threads, turns and job writes live in the other sqlite-* files.
import type { Database } from 'better-sqlite3'
import type { JobRecoveryMethods, LeaseRenewal } from '../ports'
import { rewoundContentLength, rewoundToolCalls } from '../../../../shared/rules/job-recovery-rules'
import { jobFeedBody } from '../../../../shared/rules/user-feed-records'
import { readSqliteJob, truncateSqliteJobText } from './sqlite-job-output'
import { userEventToRow } from './sqlite-rows'
import type { SqliteStoreStatements } from './sqlite-job-statements'
import type { GroupCommit } from './sqlite-group-commit'

/** Builds the recovery methods over an opened SQLite store's database and statements. */
export function createSqliteJobRecovery(database: Database, statements: SqliteStoreStatements, group: GroupCommit): JobRecoveryMethods {
  const readJob = (row: Parameters<typeof readSqliteJob>[1]) => readSqliteJob(statements, row)

  /** Cuts the text rows at the checkpoint's length and deletes the tool-call rows it does not keep. */
  const rewind = database.transaction((jobId: string, owner: string) => {
    const row = statements.selectHeldJob.get({ jobId, owner })
    if (!row) return null
    const job = readJob(row)
    const now = Date.now()
    const content = truncateSqliteJobText(statements, row, rewoundContentLength(job.checkpoint))
    const kept = rewoundToolCalls(job.toolCalls, job.checkpoint).map(call => call.id)
    statements.deleteToolCallsExcept.run({ jobId, keep: JSON.stringify(kept) })
    const rewound = statements.rewindJob.get({ jobId, now, content })
    if (!rewound) return null
    statements.markMessageStreaming.run({ jobId })
    const rewoundJob = readJob(rewound)
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
    claimJobLease(jobId, owner, expiresAt, now) {
      // In the turn's group commit: a burst of new jobs claims its leases in one transaction.
      return group.run(() => {
        const row = statements.claimJobLease.get({ jobId, owner, expiresAt, now })
        return row ? readJob(row) : null
      })
    },

    async renewJobLeases(owner, jobIds, expiresAt) {
      return renew.immediate(owner, jobIds, expiresAt)
    },

    async releaseJobLease(jobId, owner) {
      statements.releaseJobLease.run({ jobId, owner })
    },

    async systemListClaimableJobs(now) {
      return statements.listClaimableJobs.all({ now }).map(readJob)
    },

    async rewindJobToCheckpoint(jobId, owner) {
      return rewind.immediate(jobId, owner)
    },
  }
}
