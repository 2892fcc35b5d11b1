// The row shapes of the SQLite tables and their conversion to and from the shared types: JSON columns
// serialised on the way in; on the way out every record is checked with its shared zod schema (a row
// that does not match throws instead of leaking a malformed record). No queries here.
import { jobSchema, jobStatusSchema, type Job, type JobKind, type JobStatus } from '#shared/types/job'
import { messageSchema, threadSchema, type Message, type MessageRole, type Thread, type ThreadSummary } from '#shared/types/thread'
import { userFeedEventSchema, type UserFeedEvent, type UserFeedEventBody } from '#shared/types/user-event'
import { toolCallStateSchema } from '#shared/types/tool-call'
import { usageSchema } from '#shared/types/usage'
import { z } from 'zod'
import type { JobOutput } from '../store-records'

/** A row of `threads`. */
export interface ThreadRow {
  id: string
  user_id: string
  title: string
  disabled_tools: string
  enabled_tools: string
  model: string | null
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
  /** JSON array of image parts (migration 4). */
  attachments: string
  job_id: string | null
  status: JobStatus | null
  error: string | null
  model: string | null
  is_demo: number
  tool_calls: string
  usage: string | null
  created_at: number
}

/** A message row with its rowid, which orders messages written in the same millisecond. */
export interface SequencedMessageRow extends MessageRow {
  sequence: number
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
  thread_id: string | null
  message_id: string | null
  parent_job_id: string | null
  kind: JobKind
  title: string | null
  /** The kind's input as JSON, or null. */
  input: string | null
  status: JobStatus
  model: string
  is_demo: number
  /** Text compacted into the row when the job finished; an unfinished job's text is in `job_text_chunks`. */
  content: string
  chunks_received: number
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
  /** The checkpoint envelope as JSON, or null. */
  checkpoint: string | null
  abort_requested_at: number | null
  result_read_at: number | null
  /** Progress cursors below this cannot be served (migration 8). */
  text_floor: number
}

/** What a job row needs from the rows beside it: the text of its chunks and its tool calls, in order. */
export interface JobRowOutput {
  /** The text of the job's chunk rows (after `content`). */
  chunkText: string
  /** The `state` JSON of each of its tool-call rows, in the order of their first write. */
  toolCallStates: string[]
}

/** A row of `user_events`. */
export interface UserEventRow {
  seq: number
  user_id: string
  at: number
  /** The event body (UserFeedEventBody) as JSON. */
  body: string
}

const parseJson = (json: string): unknown => JSON.parse(json)
const parseNullableJson = (json: string | null): unknown => (json === null ? null : JSON.parse(json))
const serialiseNullable = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value))

/** The thread a `threads` row holds. */
export function threadFromRow(row: ThreadRow): Thread {
  return threadSchema.parse({
    id: row.id,
    userId: row.user_id,
    title: row.title,
    disabledTools: parseJson(row.disabled_tools),
    enabledTools: parseJson(row.enabled_tools),
    model: row.model,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  })
}

/** The sidebar summary a thread row with its active job id holds. */
export function threadSummaryFromRow(row: ThreadSummaryRow): ThreadSummary {
  return { ...threadFromRow(row), activeJobId: z.string().nullable().parse(row.active_job_id) }
}

/** The `threads` row that stores a thread. */
export function threadToRow(thread: Thread): ThreadRow {
  return {
    id: thread.id,
    user_id: thread.userId,
    title: thread.title,
    disabled_tools: JSON.stringify(thread.disabledTools),
    enabled_tools: JSON.stringify(thread.enabledTools),
    model: thread.model,
    created_at: thread.createdAt,
    updated_at: thread.updatedAt,
  }
}

/** The message a `messages` row holds, as stored (without its job's live output). */
export function messageFromRow(row: MessageRow): Message {
  return messageSchema.parse({
    id: row.id,
    threadId: row.thread_id,
    userId: row.user_id,
    role: row.role,
    content: row.content,
    attachments: parseJson(row.attachments),
    jobId: row.job_id,
    status: row.status,
    error: row.error,
    model: row.model,
    isDemo: row.is_demo === 1,
    toolCalls: parseJson(row.tool_calls),
    usage: parseNullableJson(row.usage),
    createdAt: row.created_at,
  })
}

const jobOutputSchema = jobSchema.pick({ status: true, content: true, toolCalls: true, usage: true, error: true })

/** The output of the message's job, or null when it has none (or it was deleted by retention). */
export function jobOutputFromRow(row: MessageWithJobRow): JobOutput | null {
  if (row.job_status === null) return null
  return jobOutputSchema.parse({
    status: row.job_status,
    content: row.job_content ?? '',
    toolCalls: z.array(toolCallStateSchema).parse(parseJson(row.job_tool_calls ?? '[]')),
    usage: usageSchema.nullable().parse(parseNullableJson(row.job_usage)),
    error: row.job_error,
  })
}

/** The `messages` row that stores a message. */
export function messageToRow(message: Message): MessageRow {
  return {
    id: message.id,
    thread_id: message.threadId,
    user_id: message.userId,
    role: message.role,
    content: message.content,
    attachments: JSON.stringify(message.attachments),
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

/** The job a `jobs` row holds, with its text and tool calls read from their rows. */
export function jobFromRow(row: JobRow, output: JobRowOutput): Job {
  return jobSchema.parse({
    id: row.id,
    userId: row.user_id,
    threadId: row.thread_id,
    messageId: row.message_id,
    parentJobId: row.parent_job_id,
    kind: row.kind,
    title: row.title,
    input: parseNullableJson(row.input),
    status: row.status,
    model: row.model,
    isDemo: row.is_demo === 1,
    content: row.content + output.chunkText,
    chunksReceived: row.chunks_received,
    toolCalls: output.toolCallStates.map(parseJson),
    toolRounds: parseJson(row.tool_rounds),
    usage: parseNullableJson(row.usage),
    error: row.error,
    lastSeq: row.last_seq,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
    attempts: row.attempts,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    checkpoint: parseNullableJson(row.checkpoint),
    abortRequestedAt: row.abort_requested_at,
    resultReadAt: row.result_read_at,
  })
}

/** The `jobs` row that stores a new job (its text and tool calls, empty when new, live in their own rows). */
export function jobToRow(job: Job): JobRow {
  return {
    id: job.id,
    user_id: job.userId,
    thread_id: job.threadId,
    message_id: job.messageId,
    parent_job_id: job.parentJobId,
    kind: job.kind,
    title: job.title,
    input: serialiseNullable(job.input),
    status: job.status,
    model: job.model,
    is_demo: job.isDemo ? 1 : 0,
    content: job.content,
    chunks_received: job.chunksReceived,
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
    abort_requested_at: job.abortRequestedAt,
    result_read_at: job.resultReadAt,
    text_floor: 0,
  }
}

/** The fields of a job row a feed event records (no text, no tool calls). */
export function jobFeedFieldsFromRow(row: JobRow) {
  return {
    id: row.id, kind: jobSchema.shape.kind.parse(row.kind), status: jobStatusSchema.parse(row.status), threadId: row.thread_id,
    messageId: row.message_id, parentJobId: row.parent_job_id, title: row.title,
  }
}

/** The feed event a `user_events` row holds. */
export function userEventFromRow(row: UserEventRow): UserFeedEvent {
  const body = parseJson(row.body)
  return userFeedEventSchema.parse(typeof body === 'object' && body !== null ? { ...body, seq: row.seq, at: row.at } : body)
}

/** The parameters of a `user_events` insert. */
export function userEventToRow(userId: string, body: UserFeedEventBody, at: number): Omit<UserEventRow, 'seq'> {
  return { user_id: userId, at, body: JSON.stringify(body) }
}
