// The three requests that start a turn: post a new question, regenerate an answer in place, edit a
// question and resend it. Each answers 202 with the same ids; following the job is useThreadMessages'.
// It does not touch local state or show errors.
import type { PostMessageResult } from '#shared/schemas/api'

const withModel = <T extends object>(body: T, model: string | null): T & { model?: string } =>
  (model ? { ...body, model } : body)

/** POST /api/threads/:id/messages: a new question (with uploaded images, by id) at the end of the thread. */
export function postQuestion(threadId: string, content: string, model: string | null, attachmentIds: string[] = []): Promise<PostMessageResult> {
  return $fetch<PostMessageResult>(`/api/threads/${encodeURIComponent(threadId)}/messages`, {
    method: 'POST', body: withModel(attachmentIds.length ? { content, attachments: attachmentIds } : { content }, model),
  })
}

/** POST /api/messages/:id/regenerate: the same assistant message answered again; later messages dropped. */
export function regenerateAnswer(assistantMessageId: string, model: string | null): Promise<PostMessageResult> {
  return $fetch<PostMessageResult>(`/api/messages/${encodeURIComponent(assistantMessageId)}/regenerate`, {
    method: 'POST', body: withModel({}, model),
  })
}

/** POST /api/messages/:id/edit: the question's text replaced, every later message dropped, a new answer. */
export function editQuestion(userMessageId: string, content: string, model: string | null): Promise<PostMessageResult> {
  return $fetch<PostMessageResult>(`/api/messages/${encodeURIComponent(userMessageId)}/edit`, {
    method: 'POST', body: withModel({ content }, model),
  })
}
