// The row shapes of the SQLite tables and their conversion to and from the shared types:
// JSON columns parsed and serialised, 0/1 integers turned into booleans. No queries here.
import type { Job, JobCheckpoint, JobKind, JobStatus } from '#shared/types/job'
import type { Message, MessageRole, Thread, ThreadSummary } from '#shared/types/thread'
import type { ToolCallState, ToolRoundMetadata } from '#shared/types/tool-call'
import type { Usage } from '#shared/types/usage'
import type { JobOutput } from '../store-records'

/** A row of `threads`. */
export interface ThreadRow {
  id: string
  user_id: string
  title: string
  disabled_tools: string
  created_at: number
  updated_at: number
}

/** A thread row with the id of its queued or streaming job. */
export interface ThreadSummaryRow extends ThreadRow {
  active_job_id: string | null
}

/** A row of `messages`. */
export interface MessageRow {
  id: string
  thread_id: string
  user_id: string
  role: MessageRole
  content: string
  job_id: string | null
  status: JobStatus | null
  error: string | null
  model: string | null
  is_demo: number
  tool_calls: string
  usage: string | null
  created_at: number
}

/** A message joined with the output of its job (all job columns null once the job is deleted). */
export interface MessageWithJobRow extends MessageRow {
  job_status: JobStatus | null
  job_content: string | null
  job_tool_calls: string | null
  job_usage: string | null
  job_error: string | null
}

/** A row of `jobs`. */
export interface JobRow {
  id: string
  user_id: string
  thread_id: string
  message_id: string
  kind: JobKind
  status: JobStatus
  model: string
  is_demo: number
  content: string
  chunks_received: number
  tool_calls: string
  tool_rounds: string
  usage: string | null
  error: string | null
  last_seq: number
  created_at: number
  started_at: number | null
  finished_at: number | null
  updated_at: number
  attempts: number
  lease_owner: string | null
  lease_expires_at: number | null
  /** The checkpoint as JSON, or null. */
  checkpoint: string | null
}

const parseUsage = (json: string | null): Usage | null => (json === null ? null : JSON.parse(json) as Usage)
const parseToolCalls = (json: string): ToolCallState[] => JSON.parse(json) as ToolCallState[]
const serialiseNullable = (value: unknown): string | null => (value === null ? null : JSON.stringify(value))

/** The thread a `threads` row holds. */
export function threadFromRow(row: ThreadRow): Thread {
  return {
    id: row.id,
    userId: row.user_id,
    title: row.title,
    disabledTools: JSON.parse(row.disabled_tools) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** The sidebar summary a thread row with its active job id holds. */
export function threadSummaryFromRow(row: ThreadSummaryRow): ThreadSummary {
  return { ...threadFromRow(row), activeJobId: row.active_job_id }
}

/** The `threads` row that stores a thread. */
export function threadToRow(thread: Thread): ThreadRow {
  return {
    id: thread.id,
    user_id: thread.userId,
    title: thread.title,
    disabled_tools: JSON.stringify(thread.disabledTools),
    created_at: thread.createdAt,
    updated_at: thread.updatedAt,
  }
}

/** The message a `messages` row holds, as stored (without its job's live output). */
export function messageFromRow(row: MessageRow): Message {
  return {
    id: row.id,
    threadId: row.thread_id,
    userId: row.user_id,
    role: row.role,
    content: row.content,
    jobId: row.job_id,
    status: row.status,
    error: row.error,
    model: row.model,
    isDemo: row.is_demo === 1,
    toolCalls: parseToolCalls(row.tool_calls),
    usage: parseUsage(row.usage),
    createdAt: row.created_at,
  }
}

/** The output of the message's job, or null when it has none (or it was deleted by retention). */
export function jobOutputFromRow(row: MessageWithJobRow): JobOutput | null {
  if (row.job_status === null) return null
  return {
    status: row.job_status,
    content: row.job_content ?? '',
    toolCalls: parseToolCalls(row.job_tool_calls ?? '[]'),
    usage: parseUsage(row.job_usage),
    error: row.job_error,
  }
}

/** The `messages` row that stores a message. */
export function messageToRow(message: Message): MessageRow {
  return {
    id: message.id,
    thread_id: message.threadId,
    user_id: message.userId,
    role: message.role,
    content: message.content,
    job_id: message.jobId,
    status: message.status,
    error: message.error,
    model: message.model,
    is_demo: message.isDemo ? 1 : 0,
    tool_calls: JSON.stringify(message.toolCalls),
    usage: serialiseNullable(message.usage),
    created_at: message.createdAt,
  }
}

/** The job a `jobs` row holds. */
export function jobFromRow(row: JobRow): Job {
  return {
    id: row.id,
    userId: row.user_id,
    threadId: row.thread_id,
    messageId: row.message_id,
    kind: row.kind,
    status: row.status,
    model: row.model,
    isDemo: row.is_demo === 1,
    content: row.content,
    chunksReceived: row.chunks_received,
    toolCalls: parseToolCalls(row.tool_calls),
    toolRounds: JSON.parse(row.tool_rounds) as ToolRoundMetadata[],
    usage: parseUsage(row.usage),
    error: row.error,
    lastSeq: row.last_seq,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
    attempts: row.attempts,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    checkpoint: row.checkpoint === null ? null : JSON.parse(row.checkpoint) as JobCheckpoint,
  }
}

/** The `jobs` row that stores a job. */
export function jobToRow(job: Job): JobRow {
  return {
    id: job.id,
    user_id: job.userId,
    thread_id: job.threadId,
    message_id: job.messageId,
    kind: job.kind,
    status: job.status,
    model: job.model,
    is_demo: job.isDemo ? 1 : 0,
    content: job.content,
    chunks_received: job.chunksReceived,
    tool_calls: JSON.stringify(job.toolCalls),
    tool_rounds: JSON.stringify(job.toolRounds),
    usage: serialiseNullable(job.usage),
    error: job.error,
    last_seq: job.lastSeq,
    created_at: job.createdAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
    updated_at: job.updatedAt,
    attempts: job.attempts,
    lease_owner: job.leaseOwner,
    lease_expires_at: job.leaseExpiresAt,
    checkpoint: serialiseNullable(job.checkpoint),
  }
}
