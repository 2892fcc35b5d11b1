// The records the memory and sqlite providers write, built in one place so they agree on defaults and
// on how a live job shows through its assistant message (the Convex functions mirror these defaults
// and the contract suite pins that they agree).
// Pure functions only: no storage, no ids other than fresh `crypto.randomUUID()` values.
import { isTerminalStatus, type Job } from '#shared/types/job'
import type { Message, Thread } from '#shared/types/thread'
import type { CreatedTurn, CreateJobInput, CreateTurnInput, RestartTurnInput } from './ports'
import { DEFAULT_THREAD_TITLE } from '../../../shared/rules/thread-title'

/** A new thread owned by `userId`, titled `title` or the default, with no tool choices and no model. */
export function buildThread(userId: string, title: string | undefined, now: number): Thread {
  return {
    id: crypto.randomUUID(),
    userId,
    title: title ?? DEFAULT_THREAD_TITLE,
    disabledTools: [],
    enabledTools: [],
    model: null,
    createdAt: now,
    updatedAt: now,
  }
}

/** What differs between queued jobs; everything else starts empty. */
export type QueuedJobFields = Pick<Job, 'userId' | 'threadId' | 'messageId' | 'parentJobId' | 'kind' | 'model' | 'isDemo'>
  & Partial<Pick<Job, 'title' | 'input'>>

/** A new queued job: no content, no lease, no checkpoint, no attempts. */
export function buildQueuedJob(fields: QueuedJobFields, now: number, id: string = crypto.randomUUID()): Job {
  return {
    ...fields,
    id,
    title: fields.title ?? null,
    input: fields.input ?? null,
    status: 'queued',
    content: '',
    chunksReceived: 0,
    toolCalls: [],
    toolRounds: [],
    usage: null,
    error: null,
    lastSeq: 0,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    updatedAt: now,
    attempts: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    checkpoint: null,
    abortRequestedAt: null,
    resultReadAt: null,
  }
}

/** The job createJob writes (no assistant message). */
export function buildDetachedJob(userId: string, input: CreateJobInput, now: number): Job {
  return buildQueuedJob({
    userId, threadId: input.threadId ?? null, messageId: null, parentJobId: input.parentJobId ?? null,
    kind: input.kind, model: input.model, isDemo: input.isDemo, title: input.title, input: input.input,
  }, now)
}

/** A user's message in `thread`. */
function buildUserMessage(thread: Thread, content: string, attachments: Message['attachments'], now: number): Message {
  return {
    id: crypto.randomUUID(), threadId: thread.id, userId: thread.userId, role: 'user', content, attachments: structuredClone(attachments),
    jobId: null, status: null, error: null, model: null, isDemo: false, toolCalls: [], usage: null, createdAt: now,
  }
}

/** An empty assistant message in `thread` and the queued job that writes it. */
export function buildAnswer(
  thread: Thread, input: RestartTurnInput & Pick<CreateTurnInput, 'kind' | 'title' | 'input'>, now: number,
): Pick<CreatedTurn, 'assistantMessage' | 'job'> {
  const jobId = crypto.randomUUID()
  const assistantMessage: Message = {
    id: crypto.randomUUID(), threadId: thread.id, userId: thread.userId, role: 'assistant', content: '', attachments: [],
    jobId, status: 'queued', error: null, model: input.model, isDemo: input.isDemo, toolCalls: [], usage: null, createdAt: now,
  }
  const job = buildQueuedJob({
    userId: thread.userId, threadId: thread.id, messageId: assistantMessage.id, parentJobId: null, kind: input.kind ?? 'chat',
    model: input.model, isDemo: input.isDemo, title: input.title, input: input.input,
  }, now, jobId)
  return { assistantMessage, job }
}

/** The user message, the empty assistant message and the queued job of a new turn. */
export function buildTurn(thread: Thread, input: CreateTurnInput, now: number): CreatedTurn {
  return { userMessage: buildUserMessage(thread, input.content, input.attachments ?? [], now), ...buildAnswer(thread, input, now) }
}

/** A regenerated answer: the same assistant message, reset, and a new queued chat job writing it. */
export function buildRegeneratedAnswer(
  thread: Thread, assistantMessage: Message, input: RestartTurnInput, now: number,
): Pick<CreatedTurn, 'assistantMessage' | 'job'> {
  const { job } = buildAnswer(thread, input, now)
  const reset: Message = {
    ...assistantMessage, content: '', jobId: job.id, status: 'queued', error: null, model: input.model,
    isDemo: input.isDemo, toolCalls: [], usage: null,
  }
  return { assistantMessage: reset, job: { ...job, messageId: reset.id } }
}

/** The parts of a job an assistant message shows. */
export type JobOutput = Pick<Job, 'status' | 'content' | 'toolCalls' | 'usage' | 'error'>

/**
 * The message as a reader should see it: while its job is not terminal, the job's current output
 * (so a reload mid-stream shows the text so far); otherwise the message as stored.
 */
export function withLiveJobOutput(message: Message, job: JobOutput | null): Message {
  if (job === null || isTerminalStatus(job.status)) return message
  return { ...message, content: job.content, status: job.status, toolCalls: job.toolCalls, usage: job.usage, error: job.error }
}

/** The terminal fields finishJob (or a stop, or recovery) writes on a job. */
export function finishedJobFields(
  status: Job['status'], error: string | null, lastSeq: number, now: number,
): Pick<Job, 'status' | 'error' | 'lastSeq' | 'finishedAt' | 'updatedAt' | 'leaseOwner' | 'leaseExpiresAt' | 'abortRequestedAt'> {
  return { status, error, lastSeq, finishedAt: now, updatedAt: now, leaseOwner: null, leaseExpiresAt: null, abortRequestedAt: null }
}
