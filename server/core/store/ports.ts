// The Store contract every provider (memory, sqlite, convex) implements: threads, messages, jobs,
// checkpoints and job leases. Every user-facing method takes the user id and never reads or writes
// another user's rows; the system methods (no user id) are for the server's own housekeeping and
// recovery and are never reachable from a request. The shapes the methods take are in store-inputs.ts,
// the errors they throw in store-errors.ts; both are re-exported here.
import type { Job, JobCheckpoint } from '#shared/types/job'
import type { JobProgress } from '#shared/types/job-progress'
import type { UserFeedEvent } from '#shared/types/user-event'
import type { Message, Thread, ThreadSummary } from '#shared/types/thread'
import type { ToolCallState } from '#shared/types/tool-call'
import type { Trace } from '#shared/types/trace'
import type {
  AbortRequestOutcome, CreatedTurn, CreateJobInput, CreateTurnInput, FinishJobInput, JobContentAppend, JobMetadataPatch,
  JobProgressWatch, LeaseFence, LeaseRenewal, ListJobsFilter, RestartTurnInput, ThreadPatch, ToolCallsUpsert, TraceQuery,
} from './store-inputs'

export * from './store-errors'
export type * from './store-inputs'

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
  /**
   * Regenerate in place: the assistant message keeps its id and place, is reset (empty content, no tool
   * calls, usage or error, status queued, the new model) and gets a new queued chat job; every later
   * message of the thread and its job (and their child jobs) is deleted, and so is the message's old job.
   * Null when the message is not the user's assistant message. Throws TurnBusyError (writing nothing)
   * while any job of the thread is queued or streaming; TooManyActiveJobsError as createTurn.
   */
  regenerateTurn(userId: string, assistantMessageId: string, input: RestartTurnInput): Promise<CreatedTurn | null>
  /**
   * Edit and resend: the user message gets `content` (its attachments stay as they were); every later message and its job (and child jobs)
   * is deleted; a new empty assistant message and a queued chat job follow it. Null when the message is
   * not the user's user message. Throws TurnBusyError / TooManyActiveJobsError as regenerateTurn.
   */
  editTurn(userId: string, userMessageId: string, input: RestartTurnInput & { content: string }): Promise<CreatedTurn | null>
  /**
   * Threads whose title or any message text contains `query` (case-insensitive, literal — no pattern
   * syntax), newest first, at most `limit`, each with its active job like listThreads.
   */
  searchThreads(userId: string, query: string, limit: number): Promise<ThreadSummary[]>
  /** A queued job without an assistant message. Null when the thread or parent is not the user's. */
  createJob(userId: string, input: CreateJobInput): Promise<Job | null>
  /** The job's direct children, oldest first. */
  listChildJobs(userId: string, parentJobId: string): Promise<Job[]>

  getJob(userId: string, jobId: string): Promise<Job | null>
  /** Newest first. */
  listJobs(userId: string, filter?: ListJobsFilter): Promise<Job[]>
  /** queued → streaming (sets startedAt). No-op for any other current status. Fenced. */
  markJobStreaming(userId: string, jobId: string, fence: LeaseFence): Promise<void>
  /** Fenced. */
  appendJobContent(userId: string, jobId: string, append: JobContentAppend, fence: LeaseFence): Promise<void>
  /**
   * Inserts the tool call, or replaces the one with the same id, tagged with the job's current lastSeq
   * (so a progress reader already at lastSeq does not see it: runners use `upsertToolCalls`). Fenced.
   */
  appendToolCall(userId: string, jobId: string, toolCall: ToolCallState, fence: LeaseFence): Promise<void>
  /**
   * Writes every call in one step: each is one row, so a change of one call rewrites only that call;
   * calls keep the order of their first write. Raises the job's lastSeq to `seq` (never lowers it). Fenced.
   */
  upsertToolCalls(userId: string, jobId: string, upsert: ToolCallsUpsert, fence: LeaseFence): Promise<void>
  /**
   * What changed after `afterSeq`: the text chunks and tool calls stored with a higher seq, and the
   * job's status, error, usage and lastSeq; `resync` when that cannot be told (see JobProgress). Null
   * when the job is unknown or another user's. Relies on the owner storing a job's text and tool calls
   * in the order of their seqs (JobOutput does).
   */
  getJobProgress(userId: string, jobId: string, afterSeq: number): Promise<JobProgress | null>
  /**
   * Follows the job's progress from `watch.afterSeq` until the returned function is called: a reactive
   * subscription where the provider has one (Convex over a WebSocket), else a read every
   * `pollIntervalMs`. The first read happens at once.
   */
  watchJobProgress(watch: JobProgressWatch): () => void
  /** Fenced. */
  updateJobMetadata(userId: string, jobId: string, patch: JobMetadataPatch, fence: LeaseFence): Promise<void>
  /**
   * Terminal transition: sets status, error, finishedAt, clears the lease and any abort request, and
   * copies content, tool calls and usage onto the assistant message (when there is one). Ignored when
   * the job is already terminal. Fenced.
   */
  finishJob(userId: string, jobId: string, input: FinishJobInput, fence: LeaseFence): Promise<void>
  /** Replaces the job's checkpoint (and touches updatedAt). Ignored for terminal jobs; unknown or foreign ones throw LeaseLostError like every fenced write. */
  saveCheckpoint(userId: string, jobId: string, checkpoint: JobCheckpoint, fence: LeaseFence): Promise<void>
  /**
   * Stop from any instance. In one step: a terminal job → 'terminal'; a job whose lease is free at
   * `now` (no owner or expired) is finished `aborted` (lastSeq + SEQ_EPOCH_GAP, message updated) →
   * 'finished'; otherwise `abortRequestedAt = now` → 'requested'.
   */
  requestJobAbort(userId: string, jobId: string, now: number): Promise<AbortRequestOutcome>

  /**
   * Marks the job's result collected: sets `resultReadAt = at` the first time (later calls keep the
   * first time; works on terminal jobs, not fenced). False when the job is unknown or another user's.
   */
  markJobResultRead(userId: string, jobId: string, at: number): Promise<boolean>

  /** The user's feed events with seq > `afterSeq`, oldest first, at most `limit`. */
  listUserEvents(userId: string, afterSeq: number, limit: number): Promise<UserFeedEvent[]>
  /** The newest feed seq of the user (0 when none). */
  latestUserEventSeq(userId: string): Promise<number>

  /**
   * Inserts each trace, or replaces the one with the same id (a finish replaces its start). Traces whose
   * job is not the user's (unknown, deleted) are dropped silently: telemetry never fails a job.
   * Traces are deleted with their job (thread deletion, regenerate/edit, job retention).
   */
  writeTraces(userId: string, traces: Trace[]): Promise<void>
  /** The user's traces matching `query`, in (turn, startedAt, id) order after `query.after`, at most `limit`. */
  listTraces(userId: string, query: TraceQuery): Promise<Trace[]>
  /** Housekeeping, the traces' own retention: deletes traces started before `cutoff`. Returns how many. */
  systemDeleteTracesBefore(cutoff: number): Promise<number>

  /** Housekeeping: deletes finished jobs whose finishedAt is before `cutoff`, and feed events older than it. Returns how many jobs. */
  systemDeleteFinishedJobs(cutoff: number): Promise<number>

  /** A workflow step's cached result by the user and its cache key (`{ value }`, value may be null); null for none. */
  getWorkflowResult(userId: string, key: string): Promise<{ value: unknown } | null>
  /** Stores or replaces a workflow step's result (JSON) for the user, stamped with the time. Only successes are ever written. */
  putWorkflowResult(userId: string, key: string, value: unknown): Promise<void>
  /** Housekeeping, the workflow cache's retention: deletes results stored before `cutoff` (every user's). Returns how many. */
  systemDeleteWorkflowResultsBefore(cutoff: number): Promise<number>
  /** Housekeeping at start-up: jobs left queued or streaming (possibly by a dead process), oldest first. */
  systemListUnfinishedJobs(): Promise<Job[]>

  /**
   * Recovery: atomically takes the lease of a job that is not terminal and whose lease is free
   * (no owner, or expired: `leaseExpiresAt < now`) or already held by `owner`. Sets owner and expiry,
   * adds one to `attempts` unless `owner` already held it, and returns the updated job; null
   * otherwise. Of two instances racing for the same lease exactly one wins. Does not touch updatedAt.
   */
  claimJobLease(jobId: string, owner: string, expiresAt: number, now: number): Promise<Job | null>
  /**
   * Heartbeat, one call for every job `owner` holds: moves the expiry of each job it still holds (even
   * past its expiry, as long as nobody claimed it since) and that is not terminal. Reports the jobs it
   * lost (terminal ones included) and those whose abort was requested.
   */
  renewJobLeases(owner: string, jobIds: string[], expiresAt: number): Promise<LeaseRenewal>
  /** Clears owner and expiry when `owner` holds the lease; no-op otherwise. */
  releaseJobLease(jobId: string, owner: string): Promise<void>
  /** Recovery: unfinished jobs (queued, streaming) whose lease is free at `now`, oldest first. */
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
  'claimJobLease' | 'renewJobLeases' | 'releaseJobLease' | 'systemListClaimableJobs' | 'rewindJobToCheckpoint'>
