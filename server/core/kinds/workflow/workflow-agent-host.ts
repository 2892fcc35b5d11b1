// The host side of a workflow job's agent() steps: each call becomes a node, is answered from this
// run's own results (a resume), then from the user's result cache (status `cached`), and otherwise runs
// through workflow-agent-step.ts; successes are cached, failures never. It does not run the script.
import type { WorkflowAgentCall, WorkflowNode } from '#shared/types/workflow'
import type { Job } from '#shared/types/job'
import { AgentBudgetError, AgentStepError, type SandboxHost } from '../../workflows/sandbox/workflow-sandbox'
import type { WorkflowResultCache } from '../../workflows/cache/result-cache'
import type { AgentKindDependencies } from '../chat/chat-kind'
import { agentCacheKey } from './agent-cache-key'
import { runAgentStep } from './workflow-agent-step'
import { workflowNodeSink } from './workflow-node-sink'
import type { WorkflowRunState } from './workflow-run-state'

export interface WorkflowHostOptions {
  deps: AgentKindDependencies
  job: Job
  state: WorkflowRunState
  cache: WorkflowResultCache
  /** Models a step may ask for by name. */
  models: string[]
}

const preview = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2))

export function workflowAgentHost(options: WorkflowHostOptions): SandboxHost {
  const { deps, job, state, cache } = options
  return {
    log: entry => state.log({ level: entry.level, message: entry.message, phase: entry.phase }),
    phase: name => state.phase(name),
    async agent(call: WorkflowAgentCall, signal: AbortSignal) {
      const id = state.nextNodeId(call.id)
      const model = call.model ?? job.model
      const key = agentCacheKey(call, model)
      const base: WorkflowNode = {
        id, agent: call.id, phase: call.phase, status: 'pending', startedAt: Date.now(), finishedAt: null, tokens: 0, toolCalls: [], output: '', error: null,
      }
      const resumed = state.result(key)
      if (resumed) {
        const before = state.existing(id)
        await state.node(before ?? { ...base, status: 'cached', finishedAt: Date.now(), output: preview(resumed.value) })
        return { value: resumed.value, tokens: 0 }
      }
      const hit = await cache.get(job.userId, key)
      if (hit) {
        await state.finished({ ...base, status: 'cached', finishedAt: Date.now(), output: preview(hit.value) }, key, hit.value)
        return { value: hit.value, tokens: 0 }
      }
      const node: WorkflowNode = { ...base, status: 'active' }
      const sink = workflowNodeSink(node, shown => void state.node(shown), call.maxTokens)
      try {
        if (!options.models.includes(model)) throw new Error(`agent "${call.id}" asked for model "${model}", which is not configured`)
        const tools = call.tools.filter(name => deps.tools.getTool(name))
        const missing = call.tools.filter(name => !tools.includes(name))
        if (missing.length > 0) state.log({ level: 'warn', message: `agent "${call.id}": tools not available here: ${missing.join(', ')}`, phase: call.phase })
        // Stored at once, so a status read or a reload shows the step running.
        await state.node(node, true)
        const value = await runAgentStep(call, { deps, model, tools, signal, caller: { userId: job.userId, threadId: job.threadId, jobId: job.id } }, sink)
        await state.finished({ ...node, status: 'completed', finishedAt: Date.now(), tokens: sink.tokens, output: preview(value) }, key, value)
        await cache.set(job.userId, key, value)
        return { value, tokens: sink.tokens }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        // A cancelled run stores nothing more; its viewers still see the step end.
        const cancelled = signal.aborted
        await state.node({ ...node, status: 'error', finishedAt: Date.now(), tokens: sink.tokens, error: cancelled ? 'cancelled' : message }, !cancelled)
        throw new AgentStepError(message, sink.tokens, error instanceof AgentBudgetError)
      }
    },
  }
}
