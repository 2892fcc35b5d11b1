// Runs the tool calls of one model round: every call becomes a ToolCallState that moves pending →
// running → completed | error, each change handed to the sink; calls run with a small concurrency cap
// and their results return in the model's order. Calls past the per-round limit are answered with an
// error result, never dropped. A result is handed to `onResult` (the checkpoint) before the call is
// shown completed, so "completed" is durable. When the run is stopped, nothing more is recorded: an
// in-flight call is neither checkpointed nor shown finished (a resumed run executes it again).
// It does not talk to the model.
import type { ToolCallState } from '#shared/types/tool-call'
import type { LlmMessage, LlmToolCall } from '../llm/types'
import type { ToolSet } from '../tooling/tool-set'
import type { TraceRecorder } from '../traces/trace-recorder'
import { overLimitResult, type ToolLoopLimits } from './limits'
import { mapWithConcurrency } from './map-with-concurrency'
import type { AgentSink } from './sink'

export interface ToolRoundContext {
  tools: ToolSet
  sink: AgentSink
  signal: AbortSignal
  limits: ToolLoopLimits
  round: number
  /** Who the calls run for (passed to each tool). */
  caller: { userId: string; threadId: string | null; jobId: string }
  /** Awaited with each call's tool message before the call is shown completed (checkpoints go here). */
  onResult?: (message: LlmMessage) => Promise<void>
  /** Traces each call (start and finish) when given. */
  trace?: TraceRecorder
}

/** A failure of Errand itself (not of a tool) while running a round; it fails the run with where it happened. */
export class ToolRoundError extends Error {
  constructor(readonly round: number, readonly toolName: string, cause: unknown) {
    super(`Round ${round}, tool '${toolName}': ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.name = 'ToolRoundError'
  }
}

/** Executes the round's calls and returns one `role: 'tool'` message per call, in the model's order. */
export async function runToolRound(context: ToolRoundContext, calls: LlmToolCall[]): Promise<LlmMessage[]> {
  const states = calls.map(call => initialState(call, context.round))
  for (const state of states) await context.sink.toolCall(state)
  return mapWithConcurrency(calls, context.limits.concurrency, async (call, index) => {
    const content = await runOne(context, call, states[index]!, index)
    return { role: 'tool', tool_call_id: call.id, content }
  })
}

async function runOne(context: ToolRoundContext, call: LlmToolCall, pending: ToolCallState, index: number): Promise<string> {
  const { sink, signal } = context
  if (index >= context.limits.maxToolsPerRound) {
    const content = overLimitResult(context.limits)
    context.trace?.toolCall(context.round, call, pending.args).rejected(content.replace(/^Error: /, ''))
    await context.onResult?.({ role: 'tool', tool_call_id: call.id, content })
    await sink.toolCall({ ...pending, status: 'error', error: content.replace(/^Error: /, ''), finishedAt: Date.now() })
    return content
  }
  signal.throwIfAborted()
  const running: ToolCallState = { ...pending, status: 'running', startedAt: Date.now() }
  await sink.toolCall(running)
  const traced = context.trace?.toolCall(context.round, call, pending.args)
  let result
  try {
    result = await context.tools.execute(call.function.name, call.function.arguments, { signal, ...context.caller }, {
      defaultTimeoutMs: context.limits.toolTimeoutMs,
      ...(context.limits.maxResultBytes ? { maxResultBytes: context.limits.maxResultBytes } : {}),
    })
  } catch (error) {
    traced?.fail(error, signal.aborted)
    throw new ToolRoundError(context.round, call.function.name, error)
  }
  // Stopped while the tool ran: its outcome is not the tool's, so it is not recorded anywhere
  // (its trace says `aborted`; a resumed run that runs it again replaces that row).
  if (signal.aborted) traced?.fail(signal.reason, true)
  signal.throwIfAborted()
  traced?.finish(result)
  await context.onResult?.({ role: 'tool', tool_call_id: call.id, content: result.content })
  await sink.toolCall(result.ok
    ? { ...running, status: 'completed', result: result.result, finishedAt: result.finishedAt, ...(result.truncated ? { truncated: true } : {}) }
    : { ...running, status: 'error', error: result.error, finishedAt: result.finishedAt })
  return result.content
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
