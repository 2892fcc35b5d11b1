// What the conversation looks like right after a turn starts, before the server's messages are loaded:
// the optimistic question, and the empty answer the job will write — for a new question, a regenerated
// answer (reset in place, later turns dropped) and an edited question (later turns dropped). Pure.
import type { PostMessageResult } from '#shared/schemas/api'
import type { Message } from '#shared/types/thread'
import type { Upload } from '#shared/types/upload'

/** Ids of messages not stored yet start with this. */
export const LOCAL_ID_PREFIX = 'local-'

/** A user message shown before the server confirmed it. */
export function optimisticQuestion(threadId: string, content: string, attachments: Upload[] = [], now = Date.now()): Message {
  return {
    id: `${LOCAL_ID_PREFIX}${now}`, threadId, userId: '', role: 'user', content, attachments, jobId: null, status: null,
    error: null, model: null, isDemo: false, toolCalls: [], usage: null, createdAt: now,
  }
}

/** The empty, queued answer a started job writes into. */
function pendingAnswer(threadId: string, result: PostMessageResult, model: string | null, isDemo: boolean, now: number): Message {
  return {
    id: result.assistantMessageId, threadId, userId: '', role: 'assistant', content: '', attachments: [], jobId: result.jobId,
    status: 'queued', error: null, model, isDemo, toolCalls: [], usage: null, createdAt: now,
  }
}

export interface TurnContext {
  model: string | null
  isDemo: boolean
  now?: number
}

/** After POST messages: the optimistic question gets its stored id and the pending answer follows it. */
export function withPostedQuestion(messages: Message[], optimisticId: string, result: PostMessageResult, context: TurnContext): Message[] {
  const question = messages.find(message => message.id === optimisticId)
  if (!question) return messages
  const rest = messages.filter(message => message.id !== optimisticId)
  return [...rest, { ...question, id: result.userMessageId, threadId: result.threadId },
    pendingAnswer(result.threadId, result, context.model, context.isDemo, context.now ?? Date.now())]
}

/** After regenerate: everything up to the answer stays, the answer is reset in place, later turns go. */
export function withRegeneratedAnswer(messages: Message[], answerId: string, result: PostMessageResult, context: TurnContext): Message[] {
  const index = messages.findIndex(message => message.id === answerId)
  const answer = messages[index]
  if (!answer) return messages
  return [...messages.slice(0, index), pendingAnswer(result.threadId, result, context.model, context.isDemo, answer.createdAt)]
}

/** After edit: everything before the question stays, the question has its new text, a pending answer follows. */
export function withEditedQuestion(messages: Message[], questionId: string, content: string, result: PostMessageResult, context: TurnContext): Message[] {
  const index = messages.findIndex(message => message.id === questionId)
  const question = messages[index]
  if (!question) return messages
  return [...messages.slice(0, index), { ...question, id: result.userMessageId, content },
    pendingAnswer(result.threadId, result, context.model, context.isDemo, context.now ?? Date.now())]
}
