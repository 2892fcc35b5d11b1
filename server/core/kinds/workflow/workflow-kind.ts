// The `workflow` job kind: runs a workflow script in its sandbox with the job's args, each agent()
// step a node answered by workflow-agent-host.ts, and writes the script's result as the job's content
// (a chat turn's answer). A resume re-runs the script with the finished steps answered from the
// checkpoint, so none runs twice. Finding scripts is the catalog's job; queueing is the runner's.
import { workflowCheckpointStateSchema, workflowJobInputSchema, type WorkflowCheckpointState } from '#shared/types/workflow'
import type { JobKindDefinition } from '../../jobs/kinds'
import { ReadableJobError } from '../../jobs/job-error-message'
import type { WorkflowResultCache } from '../../workflows/cache/result-cache'
import type { SandboxLimits } from '../../workflows/sandbox/sandbox-limits'
import { runWorkflowScript } from '../../workflows/sandbox/workflow-sandbox'
import type { AgentKindDependencies } from '../chat/chat-kind'
import { workflowAgentHost } from './workflow-agent-host'
import { WorkflowRunState } from './workflow-run-state'

/** Where the kind finds a workflow's source by name. */
export interface WorkflowSources {
  source(name: string): Promise<string | null>
}

export interface WorkflowKindOptions {
  sources: WorkflowSources
  cache: WorkflowResultCache
  limits: SandboxLimits
  models: string[]
  maxConcurrent: number
}

/** The script's result as the answer: text as is, anything else as a JSON block. */
export function reportOf(result: unknown): string {
  if (typeof result === 'string') return result
  return `\`\`\`json\n${JSON.stringify(result, null, 2)}\n\`\`\``
}

export function workflowKind(deps: AgentKindDependencies, options: WorkflowKindOptions): JobKindDefinition<WorkflowCheckpointState> {
  return {
    kind: 'workflow',
    checkpointState: workflowCheckpointStateSchema,
    concurrency: { max: options.maxConcurrent, perUser: options.maxConcurrent },
    async run({ job, live, signal, output, resume }) {
      const input = workflowJobInputSchema.parse(job.input)
      const source = await options.sources.source(input.name)
      if (source === null) throw new ReadableJobError(`There is no workflow named "${input.name}" any more.`)
      await deps.tools.ready()
      const state = new WorkflowRunState(live, output, input.name, resume)
      await state.save()
      const host = workflowAgentHost({ deps, job, state, cache: options.cache, models: options.models })
      const result = await runWorkflowScript({ source, args: input.args, limits: options.limits, host, signal })
      await state.save()
      output.text(reportOf(result))
    },
  }
}
