// The recovery half of the memory store: job leases (claim, the batched heartbeat, release), the
// claimable listing and the rewind to a checkpoint, working on the memory store's own Maps. JavaScript
// runs one of these synchronous bodies at a time, so each claim is atomic without locks. Threads,
// turns and job writes live in the other memory-* files.
import { isTerminalStatus, type Job, type JobStatus } from '#shared/types/job'
import type { JobRecoveryMethods } from '../ports'
import {
  attemptsAfterClaim, canClaimLease, isLeaseFree, rewoundContentLength, rewoundToolCalls, UNFINISHED_JOB_STATUSES,
} from '../../../../shared/rules/job-recovery-rules'
import { leaseRenewalVerdict } from '../../../../shared/rules/job-fence-rules'
import { jobFeedBody } from '../../../../shared/rules/user-feed-records'
import { rewindMemoryOutput } from './memory-job-output'
import type { MemoryTables } from './memory-tables'

const isUnfinished = (job: Job): boolean => (UNFINISHED_JOB_STATUSES as readonly JobStatus[]).includes(job.status)

/** Builds the recovery methods over the memory store's tables. */
export function createMemoryJobRecovery(tables: MemoryTables): JobRecoveryMethods {
  return {
    async claimJobLease(jobId, owner, expiresAt, now) {
      const job = tables.jobs.get(jobId)
      if (!job || isTerminalStatus(job.status) || !canClaimLease(job, owner, now)) return null
      Object.assign(job, { attempts: attemptsAfterClaim(job.attempts, job, owner), leaseOwner: owner, leaseExpiresAt: expiresAt })
      return structuredClone(job)
    },

    async renewJobLeases(owner, jobIds, expiresAt) {
      const renewal = { lost: [] as string[], abortRequested: [] as string[] }
      for (const jobId of jobIds) {
        const job = tables.jobs.get(jobId) ?? null
        const verdict = leaseRenewalVerdict(job, owner)
        if (verdict === 'lost' || !job) {
          renewal.lost.push(jobId)
          continue
        }
        job.leaseExpiresAt = expiresAt
        if (verdict === 'renew_and_abort') renewal.abortRequested.push(jobId)
      }
      return renewal
    },

    async releaseJobLease(jobId, owner) {
      const job = tables.jobs.get(jobId)
      if (job?.leaseOwner !== owner) return
      Object.assign(job, { leaseOwner: null, leaseExpiresAt: null })
    },

    async systemListClaimableJobs(now) {
      const claimable = [...tables.jobs.values()].filter(job => isUnfinished(job) && isLeaseFree(job, now))
      return structuredClone(claimable.sort((a, b) => a.createdAt - b.createdAt))
    },

    async rewindJobToCheckpoint(jobId, owner) {
      const job = tables.jobs.get(jobId)
      if (!job || isTerminalStatus(job.status) || job.leaseOwner !== owner) return null
      const now = Date.now()
      const kept = new Set(rewoundToolCalls(job.toolCalls, job.checkpoint).map(call => call.id))
      rewindMemoryOutput(tables, job, rewoundContentLength(job.checkpoint), kept)
      Object.assign(job, {
        status: 'streaming',
        startedAt: job.startedAt ?? now,
        updatedAt: now,
      })
      const message = job.messageId === null ? undefined : tables.messages.get(job.messageId)
      if (message) message.status = 'streaming'
      tables.feed.record(job.userId, jobFeedBody(job), now)
      return structuredClone(job)
    },
  }
}
