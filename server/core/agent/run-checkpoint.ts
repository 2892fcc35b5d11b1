// How an agent run's state is stored in a job checkpoint and read back. The checkpoint holds only the
// messages the run added after the history it started from, with that history's fingerprint; the kind
// rebuilds the history on resume and `restoreRunState` joins the two (refusing a history that changed).
// Checkpoints written before this format hold the whole conversation and still resume as they are.
import { z } from 'zod'
import type { JobCheckpoint } from '#shared/types/job'
import { llmMessageSchema, type LlmMessage } from '../llm/types'
import { historyFingerprint, historyFingerprintSchema, sameHistory } from './history-fingerprint'
import { completedToolCallIds, runProgressShape, type AgentRunState } from './loop-state'

/** Today's format: what the run added after its starting history, and that history's fingerprint. */
export const incrementalRunStateSchema = z.object({
  format: z.literal('incremental'),
  history: historyFingerprintSchema,
  added: z.array(llmMessageSchema),
  ...runProgressShape,
})
export type IncrementalRunState = z.infer<typeof incrementalRunStateSchema>

/** The format before: the whole conversation (system prompt and thread history included). */
export const wholeConversationRunStateSchema = z.object({
  messages: z.array(llmMessageSchema),
  ...runProgressShape,
})
export type WholeConversationRunState = z.infer<typeof wholeConversationRunStateSchema>

/** What an agent kind validates a stored checkpoint's `state` with: either format. */
export const storedRunStateSchema = z.union([incrementalRunStateSchema, wholeConversationRunStateSchema])
export type StoredRunState = z.infer<typeof storedRunStateSchema>

/** The state as stored: only the additions, or (a run resumed from the old format) the whole conversation. */
export function storedRunState(state: AgentRunState): StoredRunState {
  const { messages, base, ...progress } = state
  if (base === null) return { messages, ...progress }
  return { format: 'incremental', history: base, added: messages.slice(base.count), ...progress }
}

/** The checkpoint envelope for a run whose text is the job's whole content (chat turns, sub-agents). */
export function checkpointOf(state: AgentRunState): JobCheckpoint {
  return {
    contentLength: state.textLength,
    completedToolCallIds: completedToolCallIds(state.messages),
    state: storedRunState(state),
    savedAt: Date.now(),
  }
}

/** A stored state that needs its starting history rebuilt (the whole-conversation format does not). */
export const needsHistory = (stored: StoredRunState): stored is IncrementalRunState => 'added' in stored

/**
 * The run state to resume from: the rebuilt `history` followed by the stored additions, or the stored
 * whole conversation. Null when `history` is not the one the run started from (the thread changed).
 */
export function restoreRunState(stored: StoredRunState, history: LlmMessage[] | null): AgentRunState | null {
  if (!needsHistory(stored)) {
    const { messages, ...progress } = stored
    return { ...progress, messages, base: null }
  }
  const { format: _format, history: base, added, ...progress } = stored
  if (!history || !sameHistory(historyFingerprint(history), base)) return null
  return { ...progress, messages: [...history, ...added], base }
}
