// The resumable state of an agent run and how it maps to a job checkpoint's envelope: the conversation
// so far, the next round, tool rounds done, the text written, usage and round metadata. A resumed run
// continues from here; tool calls of the last assistant message without a result are run again.
// The zod schema is what a kind validates a stored checkpoint's `state` with. It runs nothing.
import { z } from 'zod'
import type { JobCheckpoint } from '#shared/types/job'
import { toolRoundMetadataSchema } from '#shared/types/tool-call'
import { usageSchema } from '#shared/types/usage'
import { llmMessageSchema, type LlmMessage, type LlmToolCall } from '../llm/types'

export const agentRunStateSchema = z.object({
  /** Messages through the last completed step (tool results of completed calls included). */
  messages: z.array(llmMessageSchema),
  /** The next model round (1-based). */
  round: z.number().int().positive(),
  /** Tool rounds already run (counts against the round limit). */
  toolRoundsDone: z.number().int().nonnegative(),
  /** Length of the text the run has written through its completed steps (round separators included). */
  textLength: z.number().int().nonnegative().default(0),
  // Defaults let a checkpoint written before these fields existed (SQLite migration 3) still resume.
  usage: usageSchema.nullable().default(null),
  rounds: z.array(toolRoundMetadataSchema).default([]),
})
export type AgentRunState = z.infer<typeof agentRunStateSchema>

/** A fresh run over `messages`. */
export const initialRunState = (messages: LlmMessage[]): AgentRunState =>
  ({ messages, round: 1, toolRoundsDone: 0, textLength: 0, usage: null, rounds: [] })

/** The checkpoint envelope for a run whose text is the job's whole content (chat turns, sub-agents). */
export function checkpointOf(state: AgentRunState): JobCheckpoint {
  return {
    contentLength: state.textLength,
    completedToolCallIds: completedToolCallIds(state.messages),
    state,
    savedAt: Date.now(),
  }
}

/** The ids of calls whose results are in `messages`. */
export const completedToolCallIds = (messages: LlmMessage[]): string[] =>
  messages.flatMap(message => message.role === 'tool' && message.tool_call_id ? [message.tool_call_id] : [])

/**
 * When the state stops inside a tool round (the last assistant message asked for tools and not all
 * results are in), the calls still to run. Empty otherwise.
 */
export function unfinishedToolCalls(messages: LlmMessage[]): { assistantIndex: number; pending: LlmToolCall[] } {
  const assistantIndex = messages.findLastIndex(message => message.role === 'assistant')
  const assistant = messages[assistantIndex]
  if (!assistant?.tool_calls?.length) return { assistantIndex, pending: [] }
  const answered = new Set(messages.slice(assistantIndex + 1).map(message => message.tool_call_id))
  return { assistantIndex, pending: assistant.tool_calls.filter(call => !answered.has(call.id)) }
}

/** Orders the tool results after an assistant message as its tool_calls are ordered. */
export function orderToolResults(messages: LlmMessage[], assistantIndex: number): LlmMessage[] {
  const assistant = messages[assistantIndex]
  if (!assistant?.tool_calls) return messages
  const results = new Map(messages.slice(assistantIndex + 1).map(message => [message.tool_call_id, message]))
  const ordered = assistant.tool_calls.flatMap(call => results.get(call.id) ?? [])
  return [...messages.slice(0, assistantIndex + 1), ...ordered]
}
