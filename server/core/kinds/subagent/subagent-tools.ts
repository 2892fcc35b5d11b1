// The model's three sub-agent tools: spawn_subagent (answers at once with a task id; never waits),
// subagent_status and subagent_result (which marks the result collected). An id of another user or
// another thread is answered as if it did not exist. Built once with the server's services.
import { z } from 'zod'
import type { Job } from '#shared/types/job'
import { subagentStatusOf } from '#shared/types/subagent'
import { defineServerTool, type ServerTool, type ToolContext } from '../../tooling/define-server-tool'
import { spawnSubagent, SpawnRefusedError, type SubagentDependencies } from './subagent-spawn'

/** The caller's sub-agent in the caller's thread, or an error the model reads. */
async function ownSubagent(deps: SubagentDependencies, context: ToolContext, taskId: string): Promise<Job> {
  const job = await deps.store.getJob(context.userId, taskId)
  if (!job || job.kind !== 'subagent' || job.threadId !== context.threadId) throw new Error(`no sub-agent task '${taskId}' exists in this conversation`)
  return job
}

const seconds = (from: number, to: number): number => Math.max(0, Math.round((to - from) / 1000))

/** What subagent_status reports. */
export function statusReport(job: Job) {
  return {
    task_id: job.id,
    status: subagentStatusOf(job.status),
    progress: { tokens: (job.usage?.promptTokens ?? 0) + (job.usage?.completionTokens ?? 0), tool_calls: job.toolCalls.length },
    ...(job.startedAt ? { started_at: new Date(job.startedAt).toISOString() } : {}),
    ...(job.finishedAt ? { finished_at: new Date(job.finishedAt).toISOString() } : {}),
  }
}

export function createSubagentTools(deps: SubagentDependencies): ServerTool[] {
  const spawn = defineServerTool({
    name: 'spawn_subagent',
    description: 'Hand a long, self-contained task to a background sub-agent. Answers at once with a task_id while the sub-agent works; keep talking with the user and check on it later with subagent_status / subagent_result.',
    schema: z.object({
      prompt: z.string().min(1).max(20_000).describe('The whole task: the sub-agent sees nothing else.'),
      model: z.string().max(200).optional().describe('Model for the sub-agent (default: yours).'),
      tools: z.array(z.string().max(100)).max(50).optional().describe('Tools it may use, a subset of yours (default: all of yours).'),
      budget: z.number().int().positive().max(10_000_000).optional().describe('Token budget.'),
      metadata: z.object({ title: z.string().max(200).optional() }).optional(),
    }),
    handler: async (args, context) => {
      const parent = await deps.store.getJob(context.userId, context.jobId)
      if (!parent) throw new Error('the calling job no longer exists')
      try {
        const job = await spawnSubagent(deps, parent, {
          prompt: args.prompt,
          ...(args.model ? { model: args.model } : {}),
          ...(args.tools ? { tools: args.tools } : {}),
          ...(args.budget ? { budget: args.budget } : {}),
          ...(args.metadata?.title ? { title: args.metadata.title } : {}),
        })
        return { task_id: job.id, status: 'pending' as const }
      } catch (error) {
        if (error instanceof SpawnRefusedError) throw new Error(`not started: ${error.message}`)
        throw error
      }
    },
  })
  const status = defineServerTool({
    name: 'subagent_status',
    description: 'The status of a background sub-agent started with spawn_subagent: pending, running, completed, failed or cancelled, with progress.',
    schema: z.object({ task_id: z.string().min(1).max(100) }),
    handler: async (args, context) => statusReport(await ownSubagent(deps, context, args.task_id)),
  })
  const result = defineServerTool({
    name: 'subagent_result',
    description: 'The result of a background sub-agent when it has completed (or its error); says how long it has been running otherwise.',
    schema: z.object({ task_id: z.string().min(1).max(100) }),
    handler: async (args, context) => {
      const job = await ownSubagent(deps, context, args.task_id)
      const state = subagentStatusOf(job.status)
      const now = Date.now()
      if (state === 'pending') return `not ready yet (pending for ${seconds(job.createdAt, now)} s)`
      if (state === 'running') return `not ready yet (running for ${seconds(job.startedAt ?? job.createdAt, now)} s)`
      await deps.store.markJobResultRead(context.userId, job.id, now)
      if (state === 'completed') return { task_id: job.id, status: state, result: job.content }
      return { task_id: job.id, status: state, error: job.error ?? 'stopped before it finished', partial_output: job.content }
    },
  })
  return [spawn, status, result]
}
