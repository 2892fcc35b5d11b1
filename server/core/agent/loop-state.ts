// The resumable state of a tool loop and how it maps to a stored checkpoint: the conversation so far,
// the next round, the completed tool calls and how much text the completed rounds wrote. A resumed job
// continues from here; tool calls of the last assistant message without a result are run again.
import type { JobCheckpoint } from '#shared/types/job'
import type { LlmMessage, LlmToolCall } from '../llm/types'
import { llmMessageSchema } from '../llm/types'

export interface ToolLoopState {
  /** Messages through the last completed step (tool results of completed calls included). */
  messages: LlmMessage[]
  /** The next model round (1-based). */
  round: number
  toolRoundsDone: number
  /** Length of the job's content written by completed steps. */
  contentLength: number
}

/** The checkpoint to store for a state. */
export function toCheckpoint(state: ToolLoopState): JobCheckpoint {
  const completed = state.messages.flatMap(message => message.role === 'tool' && message.tool_call_id ? [message.tool_call_id] : [])
  return {
    round: state.round,
    messages: state.messages.map(message => ({ ...message })),
    completedToolCallIds: completed,
    contentLength: state.contentLength,
    toolRoundsDone: state.toolRoundsDone,
    savedAt: Date.now(),
  }
}

/** The state a checkpoint describes; throws when its messages are not chat messages. */
export function fromCheckpoint(checkpoint: JobCheckpoint): ToolLoopState {
  return {
    messages: checkpoint.messages.map(message => llmMessageSchema.parse(message)),
    round: checkpoint.round,
    toolRoundsDone: checkpoint.toolRoundsDone,
    contentLength: checkpoint.contentLength,
  }
}

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
