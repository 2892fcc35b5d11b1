// The Store contract every provider (memory, sqlite, convex) implements: threads, messages, jobs,
// checkpoints and job leases. Every user-facing method takes the user id and never reads or writes
// another user's rows; the system methods (no user id) are for the server's own housekeeping and
// recovery and are never reachable from a request.
import type { Job, JobCheckpoint, JobKind, JobStatus } from '#shared/types/job'
import type { Message, Thread, ThreadSummary } from '#shared/types/thread'
import type { ToolCallState, ToolRoundMetadata } from '#shared/types/tool-call'
import type { Usage } from '#shared/types/usage'

export interface CreateTurnInput {
  threadId: string
  content: string
  model: string
  isDemo: boolean
  kind?: JobKind
  /**
   * Admission: when set and the user already has this many queued + streaming jobs, `createTurn`
   * throws `TooManyActiveJobsError` and writes nothing. Checked in the transaction that creates the job.
   */
  maxActiveJobsPerUser?: number
}

/** `createTurn` refused a job because the user already has `limit` queued or streaming jobs. */
export class TooManyActiveJobsError extends Error {
  readonly limit: number

  constructor(limit: number) {
    super(`You already have ${limit} answers running or queued; wait for one to finish or stop one.`)
    this.name = 'TooManyActiveJobsError'
    this.limit = limit
  }
}

export interface CreatedTurn {
  userMessage: Message
  assistantMessage: Message
  job: Job
}

export interface ThreadPatch {
  title?: string
  disabledTools?: string[]
}

export interface JobMetadataPatch {
  usage?: Usage
  toolRounds?: ToolRoundMetadata[]
  lastSeq?: number
}

export interface JobContentAppend {
  /** Text to append to the job's content, in order. */
  text: string
  /** How many model chunks the text came from. */
  chunks: number
  lastSeq: number
}

export interface FinishJobInput {
  status: 'complete' | 'error' | 'aborted'
  error?: string | null
  lastSeq: number
}

export interface ListJobsFilter {
  statuses?: JobStatus[]
  threadId?: string
}

export interface Store {
  readonly provider: 'memory' | 'sqlite' | 'convex'

  createThread(userId: string, input: { title?: string }): Promise<Thread>
  getThread(userId: string, threadId: string): Promise<Thread | null>
  /** Newest first, each with the id of its queued or streaming job, if any. */
  listThreads(userId: string): Promise<ThreadSummary[]>
  updateThread(userId: string, threadId: string, patch: ThreadPatch): Promise<Thread | null>
  /** Deletes the thread with its messages and jobs. False when the user has no such thread. */
  deleteThread(userId: string, threadId: string): Promise<boolean>

  /** Oldest first. Assistant messages of unfinished jobs carry the job's current content. */
  listMessages(userId: string, threadId: string): Promise<Message[]>

  /**
   * In one step: the user message, an empty assistant message and a `queued` job writing it.
   * Null when the user has no such thread. Sets the thread's title from the first message.
   * Throws `TooManyActiveJobsError` (writing nothing) when `maxActiveJobsPerUser` is reached.
   */
  createTurn(userId: string, input: CreateTurnInput): Promise<CreatedTurn | null>

  getJob(userId: string, jobId: string): Promise<Job | null>
  /** Newest first. */
  listJobs(userId: string, filter?: ListJobsFilter): Promise<Job[]>
  /** queued → streaming (sets startedAt). No-op for any other current status. */
  markJobStreaming(userId: string, jobId: string): Promise<void>
  appendJobContent(userId: string, jobId: string, append: JobContentAppend): Promise<void>
  /** Inserts the tool call, or replaces the one with the same id. */
  appendToolCall(userId: string, jobId: string, toolCall: ToolCallState): Promise<void>
  updateJobMetadata(userId: string, jobId: string, patch: JobMetadataPatch): Promise<void>
  /**
   * Terminal transition: sets status, error, finishedAt, clears the lease, and copies content, tool
   * calls and usage onto the assistant message. Ignored when the job is already terminal.
   */
  finishJob(userId: string, jobId: string, input: FinishJobInput): Promise<void>
  /** Replaces the job's checkpoint (and touches updatedAt). Ignored for terminal, unknown or foreign jobs. */
  saveCheckpoint(userId: string, jobId: string, checkpoint: JobCheckpoint): Promise<void>

  /** Housekeeping: deletes finished jobs whose finishedAt is before `cutoff`. Returns how many. */
  systemDeleteFinishedJobs(cutoff: number): Promise<number>
  /** Housekeeping at start-up: jobs left queued, streaming or interrupted by a dead process, oldest first. */
  systemListUnfinishedJobs(): Promise<Job[]>

  /**
   * Recovery: atomically takes the lease of a job that is not terminal and whose lease is free
   * (no owner, or expired: `leaseExpiresAt < now`) or already held by `owner`. Sets owner and expiry,
   * adds one to `attempts` unless `owner` already held it, and returns the updated job; null
   * otherwise. Of two instances racing for the same lease exactly one wins. Does not touch updatedAt.
   */
  claimJobLease(jobId: string, owner: string, expiresAt: number, now: number): Promise<Job | null>
  /**
   * Heartbeat: moves the expiry while `owner` still holds the lease (even past its expiry, as long as
   * nobody claimed it since) and the job is not terminal. False otherwise.
   */
  renewJobLease(jobId: string, owner: string, expiresAt: number): Promise<boolean>
  /** Clears owner and expiry when `owner` holds the lease; no-op otherwise. */
  releaseJobLease(jobId: string, owner: string): Promise<void>
  /** Recovery: unfinished jobs (queued, streaming, interrupted) whose lease is free at `now`, oldest first. */
  systemListClaimableJobs(now: number): Promise<Job[]>
  /**
   * Recovery, before resuming a job whose lease `owner` holds: cuts `content` back to
   * `checkpoint.contentLength` ('' without a checkpoint), drops the tool calls not listed in
   * `checkpoint.completedToolCallIds` (all without one), and sets the job and its message `streaming`
   * (startedAt set if it was null; updatedAt touched). Returns the updated job; null when `owner` does
   * not hold the lease or the job is terminal.
   */
  rewindJobToCheckpoint(jobId: string, owner: string): Promise<Job | null>

  close(): Promise<void>
}

/** The lease and rewind methods of the Store: what recovery of interrupted jobs uses. */
export type JobRecoveryMethods = Pick<Store,
  'claimJobLease' | 'renewJobLease' | 'releaseJobLease' | 'systemListClaimableJobs' | 'rewindJobToCheckpoint'>
