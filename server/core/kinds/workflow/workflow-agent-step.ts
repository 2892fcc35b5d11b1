// Runs one agent() step of a workflow through the engine's agent run: its prompt (plus the input it
// was handed and, for a schema'd step, the schema), only the listed tools that exist, the step's model
// if configured, its token limit, and for a schema'd step the JSON check with one repair round.
// It does not cache, count nodes or decide the node's status (workflow-agent-host.ts does).
import type { WorkflowAgentCall } from '#shared/types/workflow'
import { runAgent } from '../../agent/loop'
import { SCHEMA_INSTRUCTION, WORKFLOW_AGENT_SYSTEM_PROMPT } from '../../llm/system-prompt'
import type { LlmMessage } from '../../llm/types'
import { createToolSet } from '../../tooling/tool-set'
import type { AgentKindDependencies } from '../chat/chat-kind'
import { checkAgainstSchema } from './agent-output-schema'
import type { WorkflowNodeSink } from './workflow-node-sink'

export interface AgentStepContext {
  deps: AgentKindDependencies
  model: string
  tools: string[]
  signal: AbortSignal
  caller: { userId: string; threadId: string | null; jobId: string }
}

/** The user message of a step: its prompt, the input it received and the schema its reply must match. */
export function stepPrompt(call: Pick<WorkflowAgentCall, 'prompt' | 'input' | 'schema'>): string {
  const parts = [call.prompt]
  if (call.input !== null && call.input !== undefined) {
    parts.push(`Input:\n${typeof call.input === 'string' ? call.input : JSON.stringify(call.input, null, 2)}`)
  }
  if (call.schema) parts.push(`${SCHEMA_INSTRUCTION}\n${JSON.stringify(call.schema)}`)
  return parts.join('\n\n')
}

/** Runs the step; resolves to its text, or to the schema-valid value. Throws on failure. */
export async function runAgentStep(call: WorkflowAgentCall, context: AgentStepContext, sink: WorkflowNodeSink): Promise<unknown> {
  const { deps } = context
  const run = (messages: LlmMessage[]) => runAgent({
    llm: deps.llm, model: context.model, messages, signal: context.signal, sink, logger: deps.logger,
    tools: createToolSet(deps.tools, { only: context.tools }),
    limits: deps.limits, retry: deps.retry, caller: context.caller,
  })
  const first = await run([{ role: 'system', content: WORKFLOW_AGENT_SYSTEM_PROMPT }, { role: 'user', content: stepPrompt(call) }])
  if (!call.schema) return first.finalText
  const checked = checkAgainstSchema(first.finalText, call.schema)
  if (checked.ok) return checked.value
  sink.nextRun()
  sink.text('\n\n')
  const repair = await run([...first.messages, {
    role: 'user',
    content: `That reply does not match the schema (${checked.errors}). Reply again with only the JSON value.`,
  }])
  const repaired = checkAgainstSchema(repair.finalText, call.schema)
  if (repaired.ok) return repaired.value
  throw new Error(`agent "${call.id}" did not reply with JSON matching its schema after one repair: ${repaired.errors}`)
}
