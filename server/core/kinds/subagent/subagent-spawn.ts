// Starting a sub-agent: checks what the parent may hand off (its tools, the depth limit, the offered
// models, the user's queue), writes a queued `subagent` child job and hands it to the runner — without
// waiting for it. Used by the spawn_subagent tool and by retry. Running it is the subagent kind's job.
import type { Job } from '#shared/types/job'
import { subagentInputSchema, type SubagentInput } from '#shared/types/subagent'
import type { AppConfig } from '../../config/app-config'
import type { JobRunner } from '../../jobs/runner'
import type { Store } from '../../store/ports'
import type { ToolRegistry } from '../../tooling/registry'
import { createToolSet } from '../../tooling/tool-set'

export interface SubagentDependencies {
  store: Store
  runner: JobRunner
  tools: ToolRegistry
  config: Pick<AppConfig, 'llm' | 'subagents'>
}

/** The tools that start or read sub-agents (never handed to a sub-agent at the depth limit). */
export const SUBAGENT_TOOL_NAMES = ['spawn_subagent', 'subagent_status', 'subagent_result'] as const

/** A refusal the model reads as the tool's error. */
export class SpawnRefusedError extends Error {}

export interface SpawnRequest {
  prompt: string
  model?: string
  tools?: string[]
  budget?: number
  title?: string
}

/** The tools a job may use: a sub-agent's own list, or its thread's tool set for a chat turn. */
async function toolsOf(deps: SubagentDependencies, job: Job): Promise<string[]> {
  if (job.kind === 'subagent') return subagentInputSchema.parse(job.input).tools
  const thread = job.threadId ? await deps.store.getThread(job.userId, job.threadId) : null
  return createToolSet(deps.tools, { disabled: thread?.disabledTools ?? [], enabled: thread?.enabledTools ?? [] }).names
}

/** Spawns of one user in this process, one after another, so the queue limit is counted exactly. */
const spawning = new Map<string, Promise<unknown>>()

/** Creates and submits a sub-agent of `parent`. Throws SpawnRefusedError with a sentence for the model. */
export function spawnSubagent(deps: SubagentDependencies, parent: Job, request: SpawnRequest): Promise<Job> {
  const previous = spawning.get(parent.userId) ?? Promise.resolve()
  const next = previous.catch(() => undefined).then(() => spawnNow(deps, parent, request))
  spawning.set(parent.userId, next)
  void next.catch(() => undefined).finally(() => {
    if (spawning.get(parent.userId) === next) spawning.delete(parent.userId)
  })
  return next
}

async function spawnNow(deps: SubagentDependencies, parent: Job, request: SpawnRequest): Promise<Job> {
  const { subagents, llm } = deps.config
  const depth = parent.kind === 'subagent' ? subagentInputSchema.parse(parent.input).depth + 1 : 1
  if (depth > subagents.maxDepth) {
    throw new SpawnRefusedError(`sub-agents cannot start sub-agents here (depth limit ${subagents.maxDepth}); do the work yourself.`)
  }
  const allowed = await toolsOf(deps, parent)
  const requested = request.tools ?? allowed
  const unavailable = requested.filter(name => !allowed.includes(name))
  if (unavailable.length > 0) {
    throw new SpawnRefusedError(`tools not available to hand off: ${unavailable.join(', ')}; available: ${allowed.join(', ') || '(none)'}`)
  }
  // A sub-agent at the depth limit could only be refused if it spawned; it is not offered the tools at all.
  const tools = depth >= subagents.maxDepth ? requested.filter(name => !(SUBAGENT_TOOL_NAMES as readonly string[]).includes(name)) : requested
  const model = request.model ?? parent.model
  if (!llm.models.includes(model)) throw new SpawnRefusedError(`model '${model}' is not offered; available: ${llm.models.join(', ')}`)
  const active = await deps.store.listJobs(parent.userId, { kinds: ['subagent'], statuses: ['queued', 'streaming'] })
  if (active.length >= subagents.maxQueuedPerUser) {
    throw new SpawnRefusedError(`too many sub-agents: ${active.length} are already pending or running (the limit is ${subagents.maxQueuedPerUser}); wait for one to finish.`)
  }
  const input: SubagentInput = { prompt: request.prompt, tools, depth, budget: request.budget ?? null }
  const job = await deps.store.createJob(parent.userId, {
    kind: 'subagent', threadId: parent.threadId, parentJobId: parent.id, model, isDemo: llm.demo,
    title: titleOf(request), input,
  })
  if (!job) throw new SpawnRefusedError('the parent job no longer exists')
  await deps.runner.submit(job)
  return job
}

/** Starts a copy of a failed or cancelled sub-agent under the same parent, thread and input. */
export async function respawnSubagent(deps: SubagentDependencies, previous: Job): Promise<Job> {
  const job = await deps.store.createJob(previous.userId, {
    kind: 'subagent', threadId: previous.threadId, parentJobId: previous.parentJobId, model: previous.model,
    isDemo: previous.isDemo, title: previous.title, input: previous.input,
  })
  if (!job) throw new SpawnRefusedError('the sub-agent\'s thread or parent no longer exists')
  await deps.runner.submit(job)
  return job
}

function titleOf(request: SpawnRequest): string {
  const title = (request.title ?? request.prompt).trim().split('\n')[0]!
  return title.length > 80 ? `${title.slice(0, 79).trimEnd()}…` : title
}
