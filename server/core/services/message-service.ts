// Posting, regenerating and editing messages: checks the input against the configured limits and
// offered models, writes the turn (user message, assistant message, `chat` job — or a `workflow` job
// for `/name text`) in one store step, and hands the job to the runner. It returns at once; the answer is produced in the background.
import type { EditMessageBody, PostMessageBody, PostMessageResult, RegenerateMessageBody } from '#shared/schemas/api'
import type { AppContext } from '../app-context'
import { parseSlashCommand } from '#shared/utils/workflow-args'
import { badInput, notFound } from '../http/app-error'
import type { CreatedTurn } from '../store/ports'
import { startTurn } from './start-turn'
import { startWorkflowFromMessage } from './workflow-service'

type Context = Pick<AppContext, 'store' | 'runner' | 'config'> & Partial<Pick<AppContext, 'workflows'>>

export async function postMessage(context: Context, userId: string, threadId: string, body: PostMessageBody): Promise<PostMessageResult> {
  checkContent(context, body.content)
  // `/name text` starts that workflow in the thread (a `workflow` turn); other slashes are plain messages.
  const command = parseSlashCommand(body.content)
  if (command && context.workflows) {
    const started = await startWorkflowFromMessage({ ...context, workflows: context.workflows }, userId, threadId, command, body.content)
    if (started !== 'not-a-workflow') {
      if (!started) throw notFound('thread', threadId)
      return resultOf(started)
    }
  }
  const model = offeredModel(context, body.model)
  const turn = await startTurn(context, () => context.store.createTurn(userId, {
    threadId, content: body.content, model, isDemo: context.config.llm.demo, maxActiveJobsPerUser: context.config.jobs.maxActivePerUser,
  }))
  if (!turn) throw notFound('thread', threadId)
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

/** Replaces a question's text and answers it anew (later turns are dropped). 409 while the thread is busy. */
export async function editMessage(context: Context, userId: string, messageId: string, body: EditMessageBody): Promise<PostMessageResult> {
  checkContent(context, body.content)
  const model = offeredModel(context, body.model)
  const turn = await startTurn(context, () => context.store.editTurn(userId, messageId, {
    content: body.content, model, isDemo: context.config.llm.demo, maxActiveJobsPerUser: context.config.jobs.maxActivePerUser,
  }))
  if (!turn) throw notFound('user message', messageId)
  return resultOf(turn)
}

function checkContent(context: Context, content: string): void {
  if (content.trim() === '') throw badInput('The message is empty: write something to send.')
  const limit = context.config.jobs.maxMessageLength
  if (content.length > limit) throw badInput(`The message is ${content.length} characters long; the limit is ${limit}.`)
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
