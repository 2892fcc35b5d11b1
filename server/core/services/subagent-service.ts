// The Background pane's view of a user's sub-agents: list, one, cancel, retry, and "continue with
// result" (a new turn in the sub-agent's thread whose message carries the result). Every id is checked
// against the caller (404 otherwise); sub-agents leave here in their public shape. No HTTP here.
import { isTerminalStatus, type Job } from '#shared/types/job'
import { subagentInputSchema, subagentStatusOf, type PublicSubagent, type SubagentStatus } from '#shared/types/subagent'
import type { PostMessageResult } from '#shared/schemas/api'
import type { AppContext } from '../app-context'
import { conflict, notFound } from '../http/app-error'
import { stopJobTree } from '../jobs/job-tree'
import { respawnSubagent, SpawnRefusedError } from '../kinds/subagent/subagent-spawn'
import { postMessage } from './message-service'

type Context = Pick<AppContext, 'store' | 'runner' | 'config' | 'tools' | 'uploads' | 'imageSupport'>

const SUBAGENT_JOB_STATUSES: Record<SubagentStatus, Job['status']> = {
  pending: 'queued', running: 'streaming', completed: 'complete', failed: 'error', cancelled: 'aborted',
}

export function toPublicSubagent(job: Job): PublicSubagent {
  const input = subagentInputSchema.safeParse(job.input)
  return {
    id: job.id,
    title: job.title ?? 'Sub-agent',
    status: subagentStatusOf(job.status),
    prompt: input.success ? input.data.prompt : '',
    tools: input.success ? input.data.tools : [],
    model: job.model,
    threadId: job.threadId,
    parentJobId: job.parentJobId,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    tokens: (job.usage?.promptTokens ?? 0) + (job.usage?.completionTokens ?? 0),
    toolCalls: job.toolCalls.length,
    content: job.content,
    error: job.error,
    resultReadAt: job.resultReadAt,
  }
}

async function requireSubagent(context: Pick<Context, 'store'>, userId: string, id: string): Promise<Job> {
  const job = await context.store.getJob(userId, id)
  if (!job || job.kind !== 'subagent') throw notFound('sub-agent', id)
  return job
}

export async function listSubagents(context: Pick<Context, 'store'>, userId: string, filter: { status?: SubagentStatus; threadId?: string }): Promise<PublicSubagent[]> {
  const jobs = await context.store.listJobs(userId, {
    kinds: ['subagent'],
    ...(filter.status ? { statuses: [SUBAGENT_JOB_STATUSES[filter.status]] } : {}),
    ...(filter.threadId ? { threadId: filter.threadId } : {}),
  })
  return jobs.map(toPublicSubagent)
}

export async function getSubagent(context: Pick<Context, 'store'>, userId: string, id: string): Promise<PublicSubagent> {
  return toPublicSubagent(await requireSubagent(context, userId, id))
}

/** Stops a pending or running sub-agent (and anything it started); a finished one is returned as is. */
export async function cancelSubagent(context: Context, userId: string, id: string): Promise<PublicSubagent> {
  const job = await requireSubagent(context, userId, id)
  if (!isTerminalStatus(job.status)) await stopJobTree(context.store, context.runner, userId, id)
  return toPublicSubagent(await requireSubagent(context, userId, id))
}

/** Runs a failed or cancelled sub-agent again as a new sub-agent with the same task. */
export async function retrySubagent(context: Context, userId: string, id: string): Promise<PublicSubagent> {
  const job = await requireSubagent(context, userId, id)
  if (job.status !== 'error' && job.status !== 'aborted') throw conflict('Only a failed or cancelled sub-agent can be retried.')
  try {
    return toPublicSubagent(await respawnSubagent(context, job))
  } catch (error) {
    if (error instanceof SpawnRefusedError) throw conflict(error.message)
    throw error
  }
}

/** Starts a turn in the sub-agent's thread that hands the model its result, and marks the result collected. */
export async function continueWithSubagent(context: Context, userId: string, id: string): Promise<PostMessageResult> {
  const job = await requireSubagent(context, userId, id)
  if (job.status !== 'complete') throw conflict('The sub-agent has not completed yet.')
  if (!job.threadId) throw conflict('This sub-agent belongs to no thread.')
  const limit = context.config.subagents.resultMaxCharacters
  const result = job.content.length > limit ? `${job.content.slice(0, limit)}\n\n[… cut at ${limit} characters]` : job.content
  const content = `The background task "${job.title ?? 'Sub-agent'}" has finished. Continue with its result:\n\n${result}`
  const turn = await postMessage(context, userId, job.threadId, { content })
  await context.store.markJobResultRead(userId, job.id, Date.now())
  return turn
}
