// The recovery half of the SQLite store: job leases, the claimable listing and the rewind to a
// checkpoint. A claim is one guarded UPDATE, so two processes sharing the file can never both win it.
// Threads, turns and job writes live in sqlite-store.ts; SQL text in sqlite-statements.ts.
import type { Database } from 'better-sqlite3'
import type { ToolCallState } from '#shared/types/tool-call'
import type { JobRecoveryMethods } from '../ports'
import { rewoundContentLength, rewoundToolCalls } from '../../../../shared/rules/job-recovery-rules'
import { jobFromRow } from './sqlite-rows'
import type { SqliteStatements } from './sqlite-statements'

/** Builds the recovery methods over an opened SQLite store's database and statements. */
export function createSqliteJobRecovery(database: Database, statements: SqliteStatements): JobRecoveryMethods {
  const rewind = database.transaction((jobId: string, owner: string) => {
    const row = statements.selectHeldJob.get({ jobId, owner })
    if (!row) return null
    const job = jobFromRow(row)
    const toolCalls: ToolCallState[] = rewoundToolCalls(job.toolCalls, job.checkpoint)
    const rewound = statements.rewindJob.get({
      jobId,
      now: Date.now(),
      content: job.content.slice(0, rewoundContentLength(job.checkpoint)),
      toolCalls: JSON.stringify(toolCalls),
    })
    statements.markMessageStreaming.run({ jobId })
    return rewound ? jobFromRow(rewound) : null
  })

  return {
    async claimJobLease(jobId, owner, expiresAt, now) {
      const row = statements.claimJobLease.get({ jobId, owner, expiresAt, now })
      return row ? jobFromRow(row) : null
    },

    async renewJobLease(jobId, owner, expiresAt) {
      return statements.renewJobLease.run({ jobId, owner, expiresAt }).changes > 0
    },

    async releaseJobLease(jobId, owner) {
      statements.releaseJobLease.run({ jobId, owner })
    },

    async systemListClaimableJobs(now) {
      return statements.listClaimableJobs.all({ now }).map(jobFromRow)
    },

    async rewindJobToCheckpoint(jobId, owner) {
      return rewind(jobId, owner)
    },
  }
}
