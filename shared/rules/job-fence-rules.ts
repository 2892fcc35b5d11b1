// The rules of writes to a running job that every provider applies the same way: whether a fenced
// write may happen, what a heartbeat reports for a job, and what a stop request does. Pure, with
// relative imports only, so the Convex functions share them; SQLite states the same rules in SQL.
// Does not write anything and knows nothing of users (callers resolve the user's job first).
import { isTerminalStatus, type Job } from '../types/job'
import { isLeaseFree } from './job-recovery-rules'

/** What a fenced write to a job does: write it, silently skip it (terminal job), or throw LeaseLostError. */
export type FencedWriteVerdict = 'write' | 'ignore' | 'lost'

/** The verdict for a write by `owner` to `job` (null: unknown, deleted or another user's). */
export function fencedWriteVerdict(job: Pick<Job, 'status' | 'leaseOwner'> | null, owner: string): FencedWriteVerdict {
  if (job === null) return 'lost'
  if (isTerminalStatus(job.status)) return 'ignore'
  return job.leaseOwner === owner ? 'write' : 'lost'
}

/** What a heartbeat of `owner` finds for a job: renewed (and whether a stop was asked), or lost. */
export type LeaseRenewalVerdict = 'renew' | 'renew_and_abort' | 'lost'

/** The verdict for renewing `job` (null: unknown) for `owner`. */
export function leaseRenewalVerdict(
  job: Pick<Job, 'status' | 'leaseOwner' | 'abortRequestedAt'> | null, owner: string,
): LeaseRenewalVerdict {
  if (fencedWriteVerdict(job, owner) !== 'write') return 'lost'
  return job?.abortRequestedAt === null ? 'renew' : 'renew_and_abort'
}

/** What a stop request does to an existing job at `now`: nothing (terminal), finish it, or record it. */
export function abortRequestAction(
  job: Pick<Job, 'status' | 'leaseOwner' | 'leaseExpiresAt'>, now: number,
): 'terminal' | 'finish' | 'request' {
  if (isTerminalStatus(job.status)) return 'terminal'
  return isLeaseFree(job, now) ? 'finish' : 'request'
}

/** Admission counts only root jobs: a child job (with a parent) is never counted nor refused. */
export const countsForAdmission = (job: Pick<Job, 'parentJobId'>): boolean => job.parentJobId === null
