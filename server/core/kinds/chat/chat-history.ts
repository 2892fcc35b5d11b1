// Builds the model request's messages for a chat job from the thread's stored history; a user
// message with images becomes content parts whose images are upload references (inline-images.ts
// turns them into data URIs when the request is sent). It does not call the model or decide about tools.
import type { Job } from '#shared/types/job'
import type { Message } from '#shared/types/thread'
import type { LlmContentPart, LlmMessage } from '../../llm/types'
import { SYSTEM_PROMPT } from '../../llm/system-prompt'
import type { Store } from '../../store/ports'
import { uploadReferenceUrl } from './inline-images'

/** The system prompt and every earlier turn that produced text, up to this job's user message. */
export async function buildChatHistory(store: Store, job: Job): Promise<LlmMessage[]> {
  const messages = job.threadId ? await store.listMessages(job.userId, job.threadId) : []
  const ownIndex = messages.findIndex(message => message.id === job.messageId)
  const earlier = ownIndex === -1 ? messages : messages.slice(0, ownIndex)
  return [{ role: 'system', content: SYSTEM_PROMPT }, ...earlier.flatMap(toLlmMessage)]
}

function toLlmMessage(message: Message): LlmMessage[] {
  if (message.role === 'user') return [{ role: 'user', content: userContent(message) }]
  // A failed or empty answer tells the model nothing; an aborted one is kept as far as it got.
  if (message.content.trim() === '') return []
  return [{ role: 'assistant', content: message.content }]
}

function userContent(message: Message): LlmMessage['content'] {
  if (message.attachments.length === 0) return message.content
  const images: LlmContentPart[] = message.attachments.map(upload => ({ type: 'image_url', image_url: { url: uploadReferenceUrl(upload.id) } }))
  return message.content === '' ? images : [{ type: 'text', text: message.content }, ...images]
}
