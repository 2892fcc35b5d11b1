// Background job rows: finding one by Errand id, building a new row, and the record the Convex
// functions return — the shared `Job` with tool calls, checkpoint and input as JSON, since model-made
// JSON may hold keys Convex values cannot carry. Content is read from the job's chunks, tool calls from their rows. No writes here.
import type { DatabaseReader } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import type { Job, JobKind } from '../../shared/types/job'
import { UNFINISHED_JOB_STATUSES } from '../../shared/rules/job-recovery-rules'
import { readJobText } from './jobText'
import { readJobToolCallsJson } from './jobToolCalls'

/** A job on the wire between Convex and the Errand server. */
export type JobRecord = Omit<Job, 'toolCalls' | 'checkpoint' | 'input'> & {
  toolCallsJson: string
  checkpointJson: string | null
  inputJson: string | null
}

/** A job row as written (without Convex's own fields). */
export type JobDocument = Omit<Doc<'background_jobs'>, '_id' | '_creationTime'>

/** The job row with Errand id `jobId`, or null. */
export function findJob(database: DatabaseReader, jobId: string): Promise<Doc<'background_jobs'> | null> {
  return database.query('background_jobs').withIndex('by_job_id', range => range.eq('job_id', jobId)).unique()
}

/** The job row when `userId` owns it; null for unknown and foreign jobs alike. */
export async function findOwnedJob(database: DatabaseReader, userId: string, jobId: string): Promise<Doc<'background_jobs'> | null> {
  const job = await findJob(database, jobId)
  return job?.user_id === userId ? job : null
}

/** What a new queued job is made of; everything else starts empty. */
export interface NewJobFields {
  jobId: string
  userId: string
  threadId: string | null
  messageId: string | null
  parentJobId: string | null
  kind: JobKind
  title: string | null
  /** The kind's input as JSON, or null. */
  inputJson: string | null
  model: string
  isDemo: boolean
  now: number
}

/** The row of a new queued job (the same defaults as the other providers). */
export function newJobDocument(fields: NewJobFields): JobDocument {
  return {
    job_id: fields.jobId, user_id: fields.userId, thread_id: fields.threadId, message_id: fields.messageId,
    parent_job_id: fields.parentJobId, type: fields.kind, title: fields.title, input: fields.inputJson,
    status: 'queued', model: fields.model, is_demo: fields.isDemo, next_chunk_index: 0, chunks_received: 0,
    tool_calls: '[]', tool_rounds: [], usage: null, error: null, last_seq: 0,
    created_at: fields.now, started_at: null, finished_at: null, updated_at: fields.now,
    attempts: 0, lease_owner: null, lease_expires_at: null, checkpoint: null, abort_requested_at: null,
    result_read_at: null,
  }
}

/** The fields of a job row the shared rules (fencing, heartbeat, stop, feed, admission) decide on. */
export type JobRuleFields = Pick<Job,
  'id' | 'kind' | 'status' | 'threadId' | 'messageId' | 'parentJobId' | 'title' | 'leaseOwner' | 'leaseExpiresAt' | 'abortRequestedAt'>

/** A job row as the shared rules see it. */
export function jobRuleFields(job: JobDocument): JobRuleFields {
  return {
    id: job.job_id, kind: job.type, status: job.status, threadId: job.thread_id, messageId: job.message_id,
    parentJobId: job.parent_job_id, title: job.title, leaseOwner: job.lease_owner, leaseExpiresAt: job.lease_expires_at,
    abortRequestedAt: job.abort_requested_at,
  }
}

/** The record of a job row whose whole text is `content` and tool calls `toolCallsJson` (a new job: none). */
export function jobRecordFromDocument(job: JobDocument, content: string, toolCallsJson = '[]'): JobRecord {
  return {
    id: job.job_id,
    userId: job.user_id,
    threadId: job.thread_id,
    messageId: job.message_id,
    parentJobId: job.parent_job_id,
    kind: job.type,
    title: job.title,
    inputJson: job.input,
    status: job.status,
    model: job.model,
    isDemo: job.is_demo,
    content,
    chunksReceived: job.chunks_received,
    toolCallsJson,
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
    abortRequestedAt: job.abort_requested_at,
    resultReadAt: job.result_read_at ?? null,
  }
}

/** The record of a stored job row, its text read from its chunks and its tool calls from their rows. */
export async function readJobRecord(database: DatabaseReader, job: JobDocument): Promise<JobRecord> {
  return jobRecordFromDocument(job, await readJobText(database, job.job_id), await readJobToolCallsJson(database, job))
}

/** Newest first by createdAt, then by insertion. */
export function newestJobsFirst(jobs: Doc<'background_jobs'>[]): Doc<'background_jobs'>[] {
  return [...jobs].sort((a, b) => b.created_at - a.created_at || b._creationTime - a._creationTime)
}

/** Oldest first by createdAt, then by insertion. */
export function oldestJobsFirst(jobs: Doc<'background_jobs'>[]): Doc<'background_jobs'>[] {
  return newestJobsFirst(jobs).reverse()
}

/** The rows of every user's unfinished jobs (UNFINISHED_JOB_STATUSES), oldest first. */
export async function listUnfinishedJobs(database: DatabaseReader): Promise<Doc<'background_jobs'>[]> {
  const unfinished: Doc<'background_jobs'>[] = []
  for (const status of UNFINISHED_JOB_STATUSES) {
    unfinished.push(...await database.query('background_jobs').withIndex('by_status_created', range => range.eq('status', status)).collect())
  }
  return oldestJobsFirst(unfinished)
}

/** The rows of the thread's jobs (any status). */
export function listThreadJobs(database: DatabaseReader, threadId: string): Promise<Doc<'background_jobs'>[]> {
  return database.query('background_jobs').withIndex('by_thread_message', range => range.eq('thread_id', threadId)).collect()
}

/** The rows of the job's direct children, oldest first. */
export async function listChildJobRows(database: DatabaseReader, parentJobId: string): Promise<Doc<'background_jobs'>[]> {
  return oldestJobsFirst(await database.query('background_jobs')
    .withIndex('by_parent_created', range => range.eq('parent_job_id', parentJobId)).collect())
}
