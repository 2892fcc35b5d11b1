// Builds the model request's messages for a chat job from the thread's stored history.
// It reads the store and shapes messages; it does not call the model or decide about tools.
import type { Job } from '#shared/types/job'
import type { Message } from '#shared/types/thread'
import type { LlmMessage } from '../../llm/types'
import { SYSTEM_PROMPT } from '../../llm/system-prompt'
import type { Store } from '../../store/ports'

/** The system prompt and every earlier turn that produced text, up to this job's user message. */
export async function buildChatHistory(store: Store, job: Job): Promise<LlmMessage[]> {
  const messages = job.threadId ? await store.listMessages(job.userId, job.threadId) : []
  const ownIndex = messages.findIndex(message => message.id === job.messageId)
  const earlier = ownIndex === -1 ? messages : messages.slice(0, ownIndex)
  return [{ role: 'system', content: SYSTEM_PROMPT }, ...earlier.flatMap(toLlmMessage)]
}

function toLlmMessage(message: Message): LlmMessage[] {
  if (message.role === 'user') return [{ role: 'user', content: message.content }]
  // A failed or empty answer tells the model nothing; an aborted one is kept as far as it got.
  if (message.content.trim() === '') return []
  return [{ role: 'assistant', content: message.content }]
}
