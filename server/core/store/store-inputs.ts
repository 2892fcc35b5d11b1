// The shapes the Store contract's methods take and return (turn and job inputs, patches, appends, lease
// fences and renewals, filters, progress watches), apart from the contract itself (ports.ts), so that
// file stays the list of methods. Types only; the stored records' schemas live in shared/types.
import type { Job, JobKind, JobStatus } from '#shared/types/job'
import type { JobProgress } from '#shared/types/job-progress'
import type { Message } from '#shared/types/thread'
import type { Upload } from '#shared/types/upload'
import type { ToolCallState, ToolRoundMetadata } from '#shared/types/tool-call'
import type { TraceCursor } from '#shared/types/trace'
import type { Usage } from '#shared/types/usage'

export interface CreateTurnInput {
  threadId: string
  content: string
  /** The user message's image parts (uploads the caller checked are the user's). Defaults to none. */
  attachments?: Upload[]
  model: string
  isDemo: boolean
  /** Defaults to 'chat'; a workflow started from chat writes its answer through a turn too. */
  kind?: JobKind
  title?: string | null
  input?: Record<string, unknown> | null
  /**
   * Admission: when set and the user already has this many queued + streaming jobs, `createTurn`
   * throws `TooManyActiveJobsError` and writes nothing. Checked in the transaction that creates the job.
   */
  maxActiveJobsPerUser?: number
}

/** A job that writes no assistant message (sub-agents, workflows run from the workflows page, test kinds). */
export interface CreateJobInput {
  kind: JobKind
  /** When given, the thread must be the user's (else `createJob` returns null and writes nothing). */
  threadId?: string | null
  /** When given, the parent job must be the user's (else null). The child inherits nothing else. */
  parentJobId?: string | null
  model: string
  isDemo: boolean
  title?: string | null
  input?: Record<string, unknown> | null
  /** Admission, as in CreateTurnInput. Child jobs (with a parent) are not counted and not refused. */
  maxActiveJobsPerUser?: number
}

/**
 * Every write to a running job names the lease owner making it. The write happens only while that
 * owner still holds the lease (even past its expiry, as long as nobody claimed it since); otherwise it
 * throws LeaseLostError and changes nothing — also for an unknown, deleted or another user's job, and
 * for a job nobody holds (a runner claims the lease before its first write). Writes to terminal jobs
 * stay silently ignored.
 */
export interface LeaseFence {
  owner: string
}

/** What `requestJobAbort` did. */
export type AbortRequestOutcome =
  /** Nobody held the lease (owner crashed, or never claimed): finished `aborted` at once. */
  | 'finished'
  /** A live process holds it: the request is recorded, the owner's heartbeat stops it. */
  | 'requested'
  /** Already complete, error or aborted. */
  | 'terminal'
  | 'not_found'

export interface LeaseRenewal {
  /** Jobs whose lease this owner no longer holds (stop them, write nothing). */
  lost: string[]
  /** Jobs still held whose stop was requested (stop them as a user abort). */
  abortRequested: string[]
}

/** How a regenerated or edited turn's new job runs. */
export interface RestartTurnInput {
  model: string
  isDemo: boolean
  maxActiveJobsPerUser?: number
}

export interface CreatedTurn {
  userMessage: Message
  assistantMessage: Message
  job: Job
}

export interface ThreadPatch {
  title?: string
  disabledTools?: string[]
  enabledTools?: string[]
  model?: string | null
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

/** Several tool-call states written in one step (a round's pending calls), with the seq of the event that changed them. */
export interface ToolCallsUpsert {
  /** Each inserts a call (after the job's others) or replaces the one with the same id in place. */
  toolCalls: ToolCallState[]
  /** The seq of the (last) tool_call event these states were logged with; the job's lastSeq becomes at least this. */
  seq: number
}

/** Following a job from a cursor (see `watchJobProgress`). */
export interface JobProgressWatch {
  userId: string
  jobId: string
  /** The cursor to start from (the lastSeq of the job the follower already shows). */
  afterSeq: number
  /** How often providers without change notification read (memory, SQLite; Convex without a WebSocket client). */
  pollIntervalMs: number
  /**
   * Called with each progress read in order, never twice at once (the next read waits for it). Null:
   * the job no longer exists. The watch moves its cursor to `progress.cursor` unless this returns a
   * number (after a resync: the cursor of the job read instead).
   */
  onProgress: (progress: JobProgress | null) => Promise<number | void> | number | void
  /** A failed read; the watch goes on (the next read retries). */
  onError?: (error: unknown) => void
}

export interface FinishJobInput {
  status: 'complete' | 'error' | 'aborted'
  error?: string | null
  lastSeq: number
}

export interface ListJobsFilter {
  statuses?: JobStatus[]
  threadId?: string
  kinds?: JobKind[]
  parentJobId?: string
}

/** Which traces to list: one thread's (optionally one turn) or one job's, in (turn, startedAt, id) order. */
export interface TraceQuery {
  threadId?: string
  jobId?: string
  turn?: number
  /** Continue after this row (keyset pagination). */
  after?: TraceCursor | null
  limit: number
}
