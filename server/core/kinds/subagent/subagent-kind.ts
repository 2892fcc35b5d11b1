// The `subagent` job kind: one background task handed off by a chat turn (or another sub-agent). Runs
// the agent with the task's prompt and only the tools it was given, writes its output as the job's
// content (watchable live like a chat answer), enforces its token budget and resumes from its
// checkpoint like any job. Spawning, status and results are subagent-spawn.ts and subagent-tools.ts.
import { subagentInputSchema } from '#shared/types/subagent'
import { runAgent } from '../../agent/loop'
import { storedRunStateSchema, type StoredRunState } from '../../agent/run-checkpoint'
import type { AgentSink } from '../../agent/sink'
import { agentJobSink } from '../../jobs/agent-job-sink'
import type { JobKindDefinition } from '../../jobs/kinds'
import { ReadableJobError } from '../../jobs/job-error-message'
import { SUBAGENT_SYSTEM_PROMPT } from '../../llm/system-prompt'
import { createToolSet } from '../../tooling/tool-set'
import { agentRunStart } from '../agent-run-start'
import type { AgentKindDependencies } from '../chat/chat-kind'

/** The sub-agent used more tokens than its budget allowed. */
export class BudgetExceededError extends ReadableJobError {
  constructor(budget: number, used: number) {
    super(`token budget exceeded: this sub-agent used ${used} tokens of its budget of ${budget}. The output so far is kept.`)
    this.name = 'BudgetExceededError'
  }
}

export function subagentKind(deps: AgentKindDependencies, concurrency: { max: number; perUser: number }): JobKindDefinition<StoredRunState> {
  return {
    kind: 'subagent',
    checkpointState: storedRunStateSchema,
    concurrency,
    async run({ job, signal, output, resume }) {
      const input = subagentInputSchema.parse(job.input)
      await deps.tools.ready()
      const sink = withBudget(agentJobSink(output, deps.traces?.writer), input.budget)
      // Its history is the task itself, rebuilt from the job's input on a resume.
      const start = await agentRunStart(job, resume, async () => [{ role: 'system', content: SUBAGENT_SYSTEM_PROMPT }, { role: 'user', content: input.prompt }])
      if (!job.checkpoint) await sink.checkpoint(start)
      await runAgent({
        llm: deps.llm, model: job.model, messages: start.messages, resume: start, signal, sink, logger: deps.logger,
        tools: createToolSet(deps.tools, { only: input.tools }),
        limits: deps.limits,
        caller: { userId: job.userId, threadId: job.threadId, jobId: job.id },
        // Traced like a chat turn: its rows belong to its own job (and, by parentJobId, to the turn that spawned it).
        ...(deps.traces ? { trace: { maxFieldBytes: deps.traces.maxFieldBytes, context: { jobId: job.id, parentJobId: job.parentJobId, threadId: job.threadId, turn: 1 } } } : {}),
        retry: deps.retry,
      }).finally(() => deps.traces?.writer.flush({ holdRunning: true }))
    },
  }
}

/** Fails the run at the end of the model round that took it past `budget` tokens. */
function withBudget(sink: AgentSink, budget: number | null): AgentSink {
  if (budget === null) return sink
  return {
    ...sink,
    async round(rounds, total) {
      await sink.round(rounds, total)
      const used = total ? total.promptTokens + total.completionTokens : 0
      if (used > budget) throw new BudgetExceededError(budget, used)
    },
  }
}
