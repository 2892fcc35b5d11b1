// The rules of job recovery every provider applies the same way: which jobs are unfinished, when a
// lease may be claimed, and what a rewind to a checkpoint keeps. Pure, with type-only imports, so the
// Convex functions (bundled apart from Nuxt) share them. SQLite states the same rules in SQL.
import type { Job, JobCheckpoint } from '#shared/types/job'
import type { ToolCallState } from '#shared/types/tool-call'

/** The job statuses a dead process may leave behind: listed at start-up and claimable for recovery. */
export const UNFINISHED_JOB_STATUSES = ['queued', 'streaming'] as const

/** The lease fields of a job. */
export type JobLease = Pick<Job, 'leaseOwner' | 'leaseExpiresAt'>

/** True when nobody holds the lease at `now`: no owner, or its expiry is before `now`. */
export function isLeaseFree(lease: JobLease, now: number): boolean {
  return lease.leaseOwner === null || lease.leaseExpiresAt === null || lease.leaseExpiresAt < now
}

/**
 * True for a job nobody has ever claimed that was created less than `graceMs` ago: the process that
 * created it is about to claim and start it, so a recovery pass leaves it alone. (A job whose lease was
 * released at shutdown has been claimed before and is not held back.)
 */
export function awaitsFirstClaim(job: Pick<Job, 'leaseOwner' | 'attempts' | 'createdAt'>, now: number, graceMs: number): boolean {
  return job.leaseOwner === null && job.attempts === 0 && now - job.createdAt < graceMs
}

/** True when `owner` may take the lease at `now`: it is free or `owner` already holds it. */
export function canClaimLease(lease: JobLease, owner: string, now: number): boolean {
  return isLeaseFree(lease, now) || lease.leaseOwner === owner
}

/** The attempt count after `owner` claims the lease: one more unless `owner` already held it. */
export function attemptsAfterClaim(attempts: number, lease: JobLease, owner: string): number {
  return lease.leaseOwner === owner ? attempts : attempts + 1
}

/** The length `content` is cut back to when rewinding to `checkpoint` (0 without one). */
export function rewoundContentLength(checkpoint: JobCheckpoint | null): number {
  return checkpoint?.contentLength ?? 0
}

/** The tool calls a rewind to `checkpoint` keeps: the completed ones it lists (none without one). */
export function rewoundToolCalls(toolCalls: ToolCallState[], checkpoint: JobCheckpoint | null): ToolCallState[] {
  if (checkpoint === null) return []
  const completed = new Set(checkpoint.completedToolCallIds)
  return toolCalls.filter(toolCall => completed.has(toolCall.id))
}
