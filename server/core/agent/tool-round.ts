// Runs the tool calls of one model round: every call becomes a ToolCallState that moves pending →
// running → completed | error, each change stored and sent as a `tool_call` event; calls run with a
// small concurrency cap and their results return in the model's order. Calls past the per-round limit
// are answered with an error result, never dropped. A result is handed to `onResult` (the checkpoint)
// before the call is shown completed, so "completed" is durable. It does not talk to the model.
import type { Job } from '#shared/types/job'
import type { ToolCallState } from '#shared/types/tool-call'
import type { LlmMessage, LlmToolCall } from '../llm/types'
import type { ToolRegistry } from '../tooling/registry'
import type { LiveJob } from '../jobs/events/live-job'
import { mapWithConcurrency } from './map-with-concurrency'
import type { Store } from '../store/ports'
import { overLimitResult, type ToolLoopLimits } from './limits'

export interface ToolRoundContext {
  job: Job
  live: LiveJob
  store: Store
  tools: ToolRegistry
  signal: AbortSignal
  limits: ToolLoopLimits
  round: number
  /** Awaited with each call's tool message before the call is shown completed (checkpoints go here). */
  onResult?: (message: LlmMessage) => Promise<void>
}

/** A failure of Errand itself (not of a tool) while running a round; it fails the job with where it happened. */
export class ToolRoundError extends Error {
  constructor(readonly round: number, readonly toolName: string, cause: unknown) {
    super(`Round ${round}, tool '${toolName}': ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.name = 'ToolRoundError'
  }
}

/** Executes the round's calls and returns one `role: 'tool'` message per call, in the model's order. */
export async function runToolRound(context: ToolRoundContext, calls: LlmToolCall[]): Promise<LlmMessage[]> {
  const states = calls.map(call => initialState(call, context.round))
  for (const state of states) await record(context, state)
  return mapWithConcurrency(calls, context.limits.concurrency, async (call, index) => {
    const content = await runOne(context, call, states[index]!, index)
    return { role: 'tool', tool_call_id: call.id, content }
  })
}

async function runOne(context: ToolRoundContext, call: LlmToolCall, pending: ToolCallState, index: number): Promise<string> {
  try {
    if (index >= context.limits.maxToolsPerRound) {
      const content = overLimitResult(context.limits)
      await context.onResult?.({ role: 'tool', tool_call_id: call.id, content })
      await record(context, { ...pending, status: 'error', error: content.replace(/^Error: /, ''), finishedAt: Date.now() })
      return content
    }
    const running: ToolCallState = { ...pending, status: 'running', startedAt: Date.now() }
    await record(context, running)
    const result = await context.tools.executeTool(call.function.name, call.function.arguments, {
      signal: context.signal, userId: context.job.userId, threadId: context.job.threadId, jobId: context.job.id,
    }, { defaultTimeoutMs: context.limits.toolTimeoutMs, ...(context.limits.maxResultBytes ? { maxResultBytes: context.limits.maxResultBytes } : {}) })
    await context.onResult?.({ role: 'tool', tool_call_id: call.id, content: result.content })
    await record(context, result.ok
      ? { ...running, status: 'completed', result: result.result, finishedAt: result.finishedAt, ...(result.truncated ? { truncated: true } : {}) }
      : { ...running, status: 'error', error: result.error, finishedAt: result.finishedAt })
    return result.content
  } catch (error) {
    throw new ToolRoundError(context.round, call.function.name, error)
  }
}

function initialState(call: LlmToolCall, round: number): ToolCallState {
  return { id: call.id, name: call.function.name, status: 'pending', args: parseArguments(call.function.arguments), round, startedAt: Date.now() }
}

/** Valid JSON arguments are shown parsed; anything else as the raw string the model sent. */
function parseArguments(text: string): unknown {
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

async function record(context: ToolRoundContext, state: ToolCallState): Promise<void> {
  context.live.emit({ type: 'tool_call', toolCall: state })
  await context.store.appendToolCall(context.job.userId, context.job.id, state)
}
