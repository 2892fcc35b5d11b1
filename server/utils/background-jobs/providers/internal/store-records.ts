// The records every store provider writes, built in one place so all providers agree on defaults,
// title derivation and how a live job shows through its assistant message.
// Pure functions only: no storage, no ids other than fresh `crypto.randomUUID()` values.
import { isTerminalStatus, type Job } from '#shared/types/job'
import type { Message, Thread } from '#shared/types/thread'
import type { CreatedTurn, CreateTurnInput } from '../store'

/** The title of a thread nobody has named yet; the first message replaces it. */
export const DEFAULT_THREAD_TITLE = 'New chat'

/** The longest title derived from a message, ellipsis included. */
export const DERIVED_TITLE_MAX_LENGTH = 60

/** The job statuses `systemListUnfinishedJobs` returns: jobs a dead process may have left behind. */
export const UNFINISHED_JOB_STATUSES = ['queued', 'streaming', 'interrupted'] as const

/**
 * A thread title from a message: its first non-empty line, trimmed, cut to 60 characters with '…'.
 * Null when the message has no visible text (the caller keeps the current title).
 */
export function deriveThreadTitle(content: string): string | null {
  const firstLine = content.trim().split('\n')[0]?.trim() ?? ''
  if (firstLine === '') return null
  const characters = Array.from(firstLine)
  if (characters.length <= DERIVED_TITLE_MAX_LENGTH) return firstLine
  return `${characters.slice(0, DERIVED_TITLE_MAX_LENGTH - 1).join('').trimEnd()}…`
}

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

/** The title the thread should carry after a turn with `content`: derived while it is the default. */
export function titleAfterTurn(currentTitle: string, content: string): string {
  if (currentTitle !== DEFAULT_THREAD_TITLE) return currentTitle
  return deriveThreadTitle(content) ?? currentTitle
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
