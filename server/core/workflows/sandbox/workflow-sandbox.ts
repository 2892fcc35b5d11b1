// Runs one workflow script in its own isolate: `describeWorkflowScript` reads what a file says about
// itself (discovery), `runWorkflowScript` runs it with args, answering each agent() step through the
// host's `agent` function and enforcing the run's agent count and token budget. Everything crosses as
// JSON strings. It does not run agents, cache results or write events (the workflow kind does).
import { workflowAgentCallSchema, workflowDescriptionSchema, workflowLogEntrySchema, type WorkflowAgentCall, type WorkflowDescription, type WorkflowLogEntry } from '#shared/types/workflow'
import { z } from 'zod'
import type { SandboxLimits } from './sandbox-limits'
import { WorkflowSandboxError } from './sandbox-error'
import { installPrelude, loadWorkflowModule, openSandboxSession, type SandboxSession } from './sandbox-session'
import { parseTransfer } from './sandbox-transfer'

export interface SandboxHost {
  /** Runs one agent step; resolves to its value and the tokens it used. Throws to fail the step. */
  agent: (call: WorkflowAgentCall, signal: AbortSignal) => Promise<{ value: unknown; tokens: number }>
  log: (entry: WorkflowLogEntry) => void
  phase: (name: string) => void
}

/** An agent step failed because it ran past a budget (the script sees a budget error). */
export class AgentBudgetError extends Error {}

/** A failed agent step and the tokens it used before failing (they count against every budget). */
export class AgentStepError extends Error {
  constructor(message: string, readonly tokens: number, readonly budget: boolean) {
    super(message)
    this.name = 'AgentStepError'
  }
}

const outcomeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string(), budget: z.boolean().optional() }),
])

/** Runs the script's `workflow.run(args)`; resolves to its JSON result or throws a WorkflowSandboxError. */
export async function runWorkflowScript(options: { source: string; args: unknown; limits: SandboxLimits; host: SandboxHost; signal: AbortSignal }): Promise<unknown> {
  const { limits, host } = options
  const session = openSandboxSession(limits, options.signal)
  let agents = 0
  let tokens = 0
  try {
    const agent = async (json: string): Promise<string> => {
      try {
        const call = workflowAgentCallSchema.parse(parseTransfer(json, limits.maxTransferBytes, 'an agent step'))
        agents += 1
        if (agents > limits.maxAgents) session.fail('agents', `the script started more than ${limits.maxAgents} agent steps`)
        session.signal.throwIfAborted()
        const remaining = limits.budgetTokens - tokens
        const result = await host.agent({ ...call, maxTokens: Math.min(call.maxTokens ?? remaining, remaining) }, session.signal)
        tokens += result.tokens
        if (tokens > limits.budgetTokens) session.fail('budget', `the run used ${tokens} tokens, more than its budget of ${limits.budgetTokens}`)
        return JSON.stringify({ ok: true, value: result.value, tokens: result.tokens })
      } catch (error) {
        if (error instanceof WorkflowSandboxError && error.code === 'transfer') session.fail('transfer', error.message)
        const message = error instanceof z.ZodError ? `invalid agent step: ${z.prettifyError(error)}` : error instanceof Error ? error.message : String(error)
        const spent = error instanceof AgentStepError ? error.tokens : 0
        tokens += spent
        if (tokens > limits.budgetTokens) session.fail('budget', `the run used ${tokens} tokens, more than its budget of ${limits.budgetTokens}`)
        const budget = error instanceof AgentBudgetError || (error instanceof AgentStepError && error.budget)
        return JSON.stringify({ ok: false, error: message, budget, tokens: spent })
      }
    }
    const log = (json: string) => {
      try {
        host.log(workflowLogEntrySchema.parse(parseTransfer(json, limits.maxTransferBytes, 'a log line')))
      } catch (error) {
        session.fail('transfer', error instanceof Error ? error.message : String(error))
      }
    }
    const phase = (name: unknown) => {
      if (typeof name === 'string') host.phase(name.slice(0, 100))
    }
    const outcome = await callPrelude(session, options.source, JSON.stringify(options.args ?? {}), limits, { agent, log, phase }, 'start')
    if (!outcome.ok) throw new WorkflowSandboxError(outcome.budget ? 'budget' : 'script', outcome.error)
    return outcome.result
  } finally {
    session.close()
  }
}

/** Loads a workflow file in a sandbox and returns its validated description, or throws `invalid`. */
export async function describeWorkflowScript(source: string, limits: SandboxLimits): Promise<WorkflowDescription> {
  const session = openSandboxSession({ ...limits, wallMs: Math.min(limits.wallMs, 5000) }, new AbortController().signal)
  try {
    const refuse = async () => JSON.stringify({ ok: false, error: 'agents do not run while a workflow is described', tokens: 0 })
    const outcome = await callPrelude(session, source, '{}', limits, { agent: refuse, log: () => undefined, phase: () => undefined }, 'describe')
    if (!outcome.ok) throw new WorkflowSandboxError('invalid', outcome.error)
    const parsed = workflowDescriptionSchema.safeParse(outcome.result)
    if (!parsed.success) throw new WorkflowSandboxError('invalid', z.prettifyError(parsed.error))
    return parsed.data
  } finally {
    session.close()
  }
}

async function callPrelude(
  session: SandboxSession, source: string, argsJson: string, limits: SandboxLimits,
  callbacks: Parameters<typeof installPrelude>[1], entry: 'start' | 'describe',
): Promise<z.infer<typeof outcomeSchema>> {
  const api = await installPrelude(session, callbacks, argsJson)
  const namespace = await loadWorkflowModule(session, source, limits.cpuMs)
  const json = await session.guard(session.context.evalClosure(`return $0.${entry}($1)`, [api.derefInto(), namespace.derefInto()], { result: { promise: true } }))
  const parsed = outcomeSchema.safeParse(parseTransfer(json, limits.maxTransferBytes, 'the result'))
  if (!parsed.success) throw new WorkflowSandboxError('transfer', 'the script handed back something that is not a result')
  return parsed.data
}
