// Background job rows: finding one by Errand id (by owner, or only while it can still change) and the
// record the Convex functions return — the shared `Job` with tool calls and checkpoint as JSON, since
// model-made JSON may hold keys Convex values cannot carry. Content is read from the job's chunks.
import type { DatabaseReader } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import { isTerminalStatus, type Job } from '../../shared/types/job'
import { UNFINISHED_JOB_STATUSES } from '../../shared/rules/job-recovery-rules'
import { readJobText } from './jobText'

/** A job on the wire between Convex and the Errand server. */
export type JobRecord = Omit<Job, 'toolCalls' | 'checkpoint'> & { toolCallsJson: string, checkpointJson: string | null }

/** The job row with Errand id `jobId`, or null. */
export function findJob(database: DatabaseReader, jobId: string): Promise<Doc<'background_jobs'> | null> {
  return database.query('background_jobs').withIndex('by_job_id', range => range.eq('job_id', jobId)).unique()
}

/** The job row when `userId` owns it; null for unknown and foreign jobs alike. */
export async function findOwnedJob(database: DatabaseReader, userId: string, jobId: string): Promise<Doc<'background_jobs'> | null> {
  const job = await findJob(database, jobId)
  return job?.user_id === userId ? job : null
}

/** The user's job row while it can still change; null for unknown, foreign or terminal jobs. */
export async function findChangeableJob(database: DatabaseReader, userId: string, jobId: string): Promise<Doc<'background_jobs'> | null> {
  const job = await findOwnedJob(database, userId, jobId)
  return job && !isTerminalStatus(job.status) ? job : null
}

/** The record of a job row whose whole text is `content`. */
export function jobRecordFromDocument(job: Omit<Doc<'background_jobs'>, '_id' | '_creationTime'>, content: string): JobRecord {
  return {
    id: job.job_id,
    userId: job.user_id,
    threadId: job.thread_id,
    messageId: job.message_id,
    kind: job.type,
    status: job.status,
    model: job.model,
    isDemo: job.is_demo,
    content,
    chunksReceived: job.chunks_received,
    toolCallsJson: job.tool_calls,
    toolRounds: job.tool_rounds,
    usage: job.usage,
    error: job.error,
    lastSeq: job.last_seq,
    createdAt: job.created_at,
    startedAt: job.started_at,
    finishedAt: job.finished_at,
    updatedAt: job.updated_at,
    attempts: job.attempts,
    leaseOwner: job.lease_owner,
    leaseExpiresAt: job.lease_expires_at,
    checkpointJson: job.checkpoint,
  }
}

/** The record of a stored job row, its text read from its chunks. */
export async function readJobRecord(database: DatabaseReader, job: Doc<'background_jobs'>): Promise<JobRecord> {
  return jobRecordFromDocument(job, await readJobText(database, job.job_id))
}

/** Newest first by createdAt, then by insertion. */
export function newestJobsFirst(jobs: Doc<'background_jobs'>[]): Doc<'background_jobs'>[] {
  return [...jobs].sort((a, b) => b.created_at - a.created_at || b._creationTime - a._creationTime)
}

/** Oldest first by createdAt, then by insertion. */
function oldestJobsFirst(jobs: Doc<'background_jobs'>[]): Doc<'background_jobs'>[] {
  return newestJobsFirst(jobs).reverse()
}

/** The rows of every user's unfinished jobs (queued, streaming, interrupted), oldest first. */
export async function listUnfinishedJobs(database: DatabaseReader): Promise<Doc<'background_jobs'>[]> {
  const unfinished: Doc<'background_jobs'>[] = []
  for (const status of UNFINISHED_JOB_STATUSES) {
    unfinished.push(...await database.query('background_jobs').withIndex('by_status_created', range => range.eq('status', status)).collect())
  }
  return oldestJobsFirst(unfinished)
}
