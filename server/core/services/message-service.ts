// Posting, regenerating and editing messages: checks the input against the configured limits and
// offered models (and that images go only to models that take them), writes the turn (user message,
// assistant message, `chat` job — or a `workflow` job for `/name text`) in one store step, and hands the
// job to the runner. It returns at once; the answer is produced in the background.
import type { EditMessageBody, PostMessageBody, PostMessageResult, RegenerateMessageBody } from '#shared/schemas/api'
import type { AppContext } from '../app-context'
import { parseSlashCommand } from '#shared/utils/workflow-args'
import { badInput, notFound } from '../http/app-error'
import type { CreatedTurn } from '../store/ports'
import { attachUploads, resolveAttachments } from './upload-service'
import { requireOwnedThread } from './ownership'
import { startTurn } from './start-turn'
import { startWorkflowFromMessage } from './workflow-service'

type Context = Pick<AppContext, 'store' | 'runner' | 'config' | 'uploads' | 'imageSupport'> & Partial<Pick<AppContext, 'workflows'>>

export async function postMessage(context: Context, userId: string, threadId: string, body: PostMessageBody): Promise<PostMessageResult> {
  const attachmentIds = body.attachments ?? []
  checkContent(context, body.content, attachmentIds.length > 0)
  // `/name text` starts that workflow in the thread (a `workflow` turn); other slashes are plain messages.
  const command = attachmentIds.length === 0 ? parseSlashCommand(body.content) : null
  if (command && context.workflows) {
    const started = await startWorkflowFromMessage({ ...context, workflows: context.workflows }, userId, threadId, command, body.content)
    if (started !== 'not-a-workflow') {
      if (!started) throw notFound('thread', threadId)
      return resultOf(started)
    }
  }
  const model = offeredModel(context, body.model)
  if (attachmentIds.length > 0) {
    await checkTakesImages(context, model)
    // A foreign thread is a 404 before the upload ids are looked at.
    await requireOwnedThread(context.store, userId, threadId)
  }
  const attachments = await resolveAttachments(context, userId, attachmentIds)
  const turn = await startTurn(context, () => context.store.createTurn(userId, {
    threadId, content: body.content, attachments, model, isDemo: context.config.llm.demo,
    maxActiveJobsPerUser: context.config.jobs.maxActivePerUser,
  }))
  if (!turn) throw notFound('thread', threadId)
  await attachUploads(context, userId, threadId, attachments)
  // The thread remembers the model chosen in it.
  if (body.model) await context.store.updateThread(userId, threadId, { model: body.model })
  return resultOf(turn)
}

/** Re-answers an assistant message in place (later turns are dropped). 409 while the thread is busy. */
export async function regenerateMessage(context: Context, userId: string, messageId: string, body: RegenerateMessageBody): Promise<PostMessageResult> {
  const model = offeredModel(context, body.model)
  const turn = await startTurn(context, () => context.store.regenerateTurn(userId, messageId, {
    model, isDemo: context.config.llm.demo, maxActiveJobsPerUser: context.config.jobs.maxActivePerUser,
  }))
  if (!turn) throw notFound('assistant message', messageId)
  return resultOf(turn)
}

/**
 * Replaces a question's text and answers it anew (later turns are dropped); the question keeps its
 * images (the new text must not be empty). 409 while the thread is busy.
 */
export async function editMessage(context: Context, userId: string, messageId: string, body: EditMessageBody): Promise<PostMessageResult> {
  checkContent(context, body.content)
  const model = offeredModel(context, body.model)
  const turn = await startTurn(context, () => context.store.editTurn(userId, messageId, {
    content: body.content, model, isDemo: context.config.llm.demo, maxActiveJobsPerUser: context.config.jobs.maxActivePerUser,
  }))
  if (!turn) throw notFound('user message', messageId)
  return resultOf(turn)
}

function checkContent(context: Context, content: string, hasImages = false): void {
  if (content.trim() === '' && !hasImages) throw badInput('The message is empty: write something to send.')
  const limit = context.config.jobs.maxMessageLength
  if (content.length > limit) throw badInput(`The message is ${content.length} characters long; the limit is ${limit}.`)
}

/** 400 when `model` takes no images (configured text-only, or so listed by the endpoint). */
async function checkTakesImages(context: Context, model: string): Promise<void> {
  if (!(await context.imageSupport.acceptsImages(model))) {
    throw badInput(`Model '${model}' does not accept images; remove the images or choose another model.`)
  }
}

function offeredModel(context: Context, requested: string | undefined): string {
  const { models, model: defaultModel } = context.config.llm
  const model = requested ?? defaultModel
  if (!models.includes(model)) throw badInput(`Model '${model}' is not offered; available: ${models.join(', ')}`)
  return model
}

const resultOf = (turn: CreatedTurn): PostMessageResult => ({
  threadId: turn.assistantMessage.threadId,
  userMessageId: turn.userMessage.id,
  assistantMessageId: turn.assistantMessage.id,
  jobId: turn.job.id,
})
