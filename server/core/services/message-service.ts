// Posting a user message: checks the input against the configured limits and offered models, writes the
// user message, the assistant message and a `chat` job in one step, and hands the job to the runner.
// It returns at once; the answer is produced in the background.
import type { PostMessageBody, PostMessageResult } from '#shared/schemas/api'
import type { AppContext } from '../app-context'
import { AppError, badInput, notFound, unavailable } from '../http/app-error'
import { TooManyActiveJobsError } from '../store/ports'

type Context = Pick<AppContext, 'store' | 'runner' | 'config'>

export async function postMessage(context: Context, userId: string, threadId: string, body: PostMessageBody): Promise<PostMessageResult> {
  const { config } = context
  const content = body.content.trim()
  if (content === '') throw badInput('The message is empty: write something to send.')
  if (body.content.length > config.jobs.maxMessageLength) {
    throw badInput(`The message is ${body.content.length} characters long; the limit is ${config.jobs.maxMessageLength}.`)
  }
  const model = body.model ?? config.llm.model
  if (!config.llm.models.includes(model)) {
    throw badInput(`Model '${model}' is not offered; available: ${config.llm.models.join(', ')}`)
  }
  if (!context.runner.isAccepting) throw unavailable('The server is restarting; send the message again in a moment.')
  let turn
  try {
    turn = await context.store.createTurn(userId, {
      threadId, content: body.content, model, isDemo: config.llm.demo, maxActiveJobsPerUser: config.jobs.maxActivePerUser,
    })
  } catch (error) {
    if (error instanceof TooManyActiveJobsError) throw new AppError(429, error.message)
    throw error
  }
  if (!turn) throw notFound('thread', threadId)
  await context.runner.submit(turn.job)
  return {
    threadId,
    userMessageId: turn.userMessage.id,
    assistantMessageId: turn.assistantMessage.id,
    jobId: turn.job.id,
  }
}
