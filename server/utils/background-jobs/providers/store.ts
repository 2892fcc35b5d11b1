// The Store contract every provider (memory, sqlite, later convex) implements: threads, messages, jobs.
// Every user-facing method takes the user id and never reads or writes another user's rows; the
// two `system*` methods are for the server's own housekeeping and are never reachable from a request.
import type { Job, JobKind, JobStatus } from '#shared/types/job'
import type { Message, Thread, ThreadSummary } from '#shared/types/thread'
import type { ToolCallState, ToolRoundMetadata } from '#shared/types/tool-call'
import type { Usage } from '#shared/types/usage'

export interface CreateTurnInput {
  threadId: string
  content: string
  model: string
  isDemo: boolean
  kind?: JobKind
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
   * Terminal transition: sets status, error, finishedAt, and copies content, tool calls and usage
   * onto the assistant message. Ignored when the job is already terminal.
   */
  finishJob(userId: string, jobId: string, input: FinishJobInput): Promise<void>

  /** Housekeeping: deletes finished jobs whose finishedAt is before `cutoff`. Returns how many. */
  systemDeleteFinishedJobs(cutoff: number): Promise<number>
  /** Housekeeping at start-up: jobs left queued/streaming by a dead process. */
  systemListUnfinishedJobs(): Promise<Job[]>

  close(): Promise<void>
}
