// The records the memory and sqlite providers write, built in one place so they agree on defaults and
// on how a live job shows through its assistant message (the Convex functions mirror these defaults
// and the contract suite pins that they agree).
// Pure functions only: no storage, no ids other than fresh `crypto.randomUUID()` values.
import { isTerminalStatus, type Job } from '#shared/types/job'
import type { Message, Thread } from '#shared/types/thread'
import type { CreatedTurn, CreateTurnInput } from './ports'
import { DEFAULT_THREAD_TITLE } from '../../../shared/rules/thread-title'

/** A new thread owned by `userId`, titled `title` or the default. */
export function buildThread(userId: string, title: string | undefined, now: number): Thread {
  return {
    id: crypto.randomUUID(),
    userId,
    title: title ?? DEFAULT_THREAD_TITLE,
    disabledTools: [],
    createdAt: now,
    updatedAt: now,
  }
}

/** The user message, the empty assistant message and the queued job of a new turn. */
export function buildTurn(thread: Thread, input: CreateTurnInput, now: number): CreatedTurn {
  const jobId = crypto.randomUUID()
  const base = { threadId: thread.id, userId: thread.userId, error: null, toolCalls: [], usage: null, createdAt: now }
  const userMessage: Message = {
    ...base, id: crypto.randomUUID(), role: 'user', content: input.content,
    jobId: null, status: null, model: null, isDemo: false,
  }
  const assistantMessage: Message = {
    ...base, id: crypto.randomUUID(), role: 'assistant', content: '',
    jobId, status: 'queued', model: input.model, isDemo: input.isDemo,
  }
  const job: Job = {
    id: jobId,
    userId: thread.userId,
    threadId: thread.id,
    messageId: assistantMessage.id,
    kind: input.kind ?? 'chat',
    status: 'queued',
    model: input.model,
    isDemo: input.isDemo,
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
  }
  return { userMessage, assistantMessage, job }
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
