// The resumable state of an agent run: the conversation so far (the history it started from plus what
// it added), the next round, tool rounds done, the text written, usage and round metadata. A resumed
// run continues from here; tool calls of the last assistant message without a result are run again.
// How it is stored in a job checkpoint (only the additions) is run-checkpoint.ts. It runs nothing.
import { z } from 'zod'
import { toolRoundMetadataSchema } from '#shared/types/tool-call'
import { usageSchema } from '#shared/types/usage'
import type { LlmMessage, LlmToolCall } from '../llm/types'
import { historyFingerprint, type HistoryFingerprint } from './history-fingerprint'

/** The progress fields a checkpoint stores in every format. */
export const runProgressShape = {
  /** The next model round (1-based). */
  round: z.number().int().positive(),
  /** Tool rounds already run (counts against the round limit). */
  toolRoundsDone: z.number().int().nonnegative(),
  /** Length of the text the run has written through its completed steps (round separators included). */
  textLength: z.number().int().nonnegative().default(0),
  // Defaults let a checkpoint written before these fields existed (SQLite migration 3) still resume.
  usage: usageSchema.nullable().default(null),
  rounds: z.array(toolRoundMetadataSchema).default([]),
}
const runProgressSchema = z.object(runProgressShape)

export type AgentRunState = z.infer<typeof runProgressSchema> & {
  /** Messages through the last completed step (tool results of completed calls included). */
  messages: LlmMessage[]
  /**
   * The history the run started from: the first `base.count` messages. Null for a run resumed from a
   * checkpoint that holds the whole conversation (written before checkpoints stored only additions).
   */
  base: HistoryFingerprint | null
}

/** A fresh run over `messages`, which are its starting history. */
export const initialRunState = (messages: LlmMessage[]): AgentRunState =>
  ({ messages, base: historyFingerprint(messages), round: 1, toolRoundsDone: 0, textLength: 0, usage: null, rounds: [] })

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
