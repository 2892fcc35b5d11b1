// The recovery half of the memory store: job leases, the claimable listing and the rewind to a
// checkpoint, working on the memory store's own Maps. JavaScript runs one of these synchronous bodies
// at a time, so each claim is atomic without locks. Threads, turns and job writes live in memory-store.ts.
import { isTerminalStatus, type Job, type JobStatus } from '#shared/types/job'
import type { Message } from '#shared/types/thread'
import type { JobRecoveryMethods } from '../ports'
import {
  attemptsAfterClaim, canClaimLease, isLeaseFree, rewoundContentLength, rewoundToolCalls, UNFINISHED_JOB_STATUSES,
} from '../../../../shared/rules/job-recovery-rules'

/** The Maps of the memory store that recovery reads and writes. */
export interface MemoryJobTables {
  jobs: Map<string, Job>
  messages: Map<string, Message>
}

const isUnfinished = (job: Job): boolean => (UNFINISHED_JOB_STATUSES as readonly JobStatus[]).includes(job.status)

/** Builds the recovery methods over the memory store's Maps. */
export function createMemoryJobRecovery(tables: MemoryJobTables): JobRecoveryMethods {
  /** The job while `owner` holds its lease and it can still change. */
  const heldJob = (jobId: string, owner: string): Job | undefined => {
    const job = tables.jobs.get(jobId)
    return job && !isTerminalStatus(job.status) && job.leaseOwner === owner ? job : undefined
  }

  return {
    async claimJobLease(jobId, owner, expiresAt, now) {
      const job = tables.jobs.get(jobId)
      if (!job || isTerminalStatus(job.status) || !canClaimLease(job, owner, now)) return null
      Object.assign(job, { attempts: attemptsAfterClaim(job.attempts, job, owner), leaseOwner: owner, leaseExpiresAt: expiresAt })
      return structuredClone(job)
    },

    async renewJobLease(jobId, owner, expiresAt) {
      const job = heldJob(jobId, owner)
      if (!job) return false
      job.leaseExpiresAt = expiresAt
      return true
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
      const job = heldJob(jobId, owner)
      if (!job) return null
      const now = Date.now()
      Object.assign(job, {
        content: job.content.slice(0, rewoundContentLength(job.checkpoint)),
        toolCalls: rewoundToolCalls(job.toolCalls, job.checkpoint),
        status: 'streaming',
        startedAt: job.startedAt ?? now,
        updatedAt: now,
      })
      const message = tables.messages.get(job.messageId)
      if (message) message.status = 'streaming'
      return structuredClone(job)
    },
  }
}
