// Titles written by the model: after the first exchange of a thread completes, one short model request
// turns the question and answer into a title — only when a real model answers (never the offline demo
// model) and only while the thread still carries the title derived from its first line (a rename wins).
// It never blocks or fails the answer: it runs after the job finished, and any failure is only logged.
import type { Job } from '#shared/types/job'
import { deriveThreadTitle, stripMarkdownLine, DEFAULT_THREAD_TITLE, DERIVED_TITLE_MAX_LENGTH } from '#shared/rules/thread-title'
import type { LlmClient, LlmMessage } from '../llm/types'
import type { Logger } from '../observability/logger'
import type { Store } from '../store/ports'

export interface ThreadTitleDependencies {
  store: Store
  llm: LlmClient
  logger: Logger
  /** Give up on the title request after this long, in ms. Default 15000. */
  timeoutMs?: number
}

/** How much of the question and of the answer the title request carries, in characters. */
const EXCERPT_CHARACTERS = 1500

const INSTRUCTION = 'Write a title of at most six words for the conversation below. '
  + 'Answer with the title only: no quotes, no punctuation at the end, no markdown.'

/** The model's answer as a title: first line, markdown and quotes taken out, cut like a derived title. Null when empty. */
export function cleanModelTitle(raw: string): string | null {
  const line = raw.split('\n').map(stripMarkdownLine).find(text => text !== '') ?? ''
  const unquoted = line.replace(/^(?:title:\s*)/i, '').replace(/^["'“”‘’]+|["'“”‘’]+$/g, '').replace(/[.!]+$/, '').trim()
  if (unquoted === '') return null
  const characters = Array.from(unquoted)
  if (characters.length <= DERIVED_TITLE_MAX_LENGTH) return unquoted
  return `${characters.slice(0, DERIVED_TITLE_MAX_LENGTH - 1).join('').trimEnd()}…`
}

/** The request that asks for a title of one question and answer. */
export function titleRequestMessages(question: string, answer: string): LlmMessage[] {
  return [
    { role: 'system', content: INSTRUCTION },
    { role: 'user', content: `Question:\n${question.slice(0, EXCERPT_CHARACTERS)}\n\nAnswer:\n${answer.slice(0, EXCERPT_CHARACTERS)}` },
  ]
}

export function createThreadTitleService(deps: ThreadTitleDependencies) {
  const timeoutMs = deps.timeoutMs ?? 15_000

  async function askModel(model: string, question: string, answer: string): Promise<string | null> {
    let text = ''
    for await (const part of deps.llm.stream({ model, messages: titleRequestMessages(question, answer), signal: AbortSignal.timeout(timeoutMs) })) {
      if (part.type === 'text') text += part.text
    }
    return cleanModelTitle(text)
  }

  /**
   * Gives the thread of a finished chat turn a title by the model when that turn completed its first
   * exchange. Resolves to the title it stored, or null when it did nothing. Throws on model or store errors.
   */
  async function titleFirstExchange(job: Job, status: 'complete' | 'error' | 'aborted'): Promise<string | null> {
    if (status !== 'complete' || job.isDemo || job.kind !== 'chat' || !job.threadId) return null
    const messages = await deps.store.listMessages(job.userId, job.threadId)
    const [question, answer, ...later] = messages
    if (!question || !answer || later.length > 0 || question.role !== 'user' || answer.id !== job.messageId) return null
    const derived = deriveThreadTitle(question.content) ?? DEFAULT_THREAD_TITLE
    const before = await deps.store.getThread(job.userId, job.threadId)
    if (!before || before.title !== derived) return null
    const title = await askModel(job.model, question.content, answer.content)
    if (!title || title === derived) return null
    // The user may have renamed it while the model wrote: their title wins.
    const current = await deps.store.getThread(job.userId, job.threadId)
    if (!current || current.title !== derived) return null
    await deps.store.updateThread(job.userId, job.threadId, { title })
    return title
  }

  /** The chat kind's `finished` hook: starts the title request and returns at once; failures are logged. */
  function afterTurn(job: Job, status: 'complete' | 'error' | 'aborted'): Promise<void> {
    titleFirstExchange(job, status).catch(error => deps.logger.warn('thread title not generated', {
      jobId: job.id, threadId: job.threadId, error: error instanceof Error ? error.message : String(error),
    }))
    return Promise.resolve()
  }

  return { titleFirstExchange, afterTurn }
}

export type ThreadTitleService = ReturnType<typeof createThreadTitleService>
