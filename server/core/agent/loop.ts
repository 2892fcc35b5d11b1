// The agent run: rounds of "stream the model → collect tool calls → run them → append the assistant
// message with `tool_calls` and one tool message per result", until a round asks for no tools. It knows
// no Job, Store or LiveJob: output goes to an AgentSink, tools come from a ToolSet, stop conditions are
// the predicates in limits.ts, and a stop is the AbortSignal (the run then throws and records nothing
// more). It can start from a resume state, finishing the tool calls an interrupted round left undone.
// Chat turns, sub-agents and workflow agents all run through this one function.
import type { ToolRoundMetadata } from '#shared/types/tool-call'
import { addUsage, type Usage } from '#shared/types/usage'
import type { RetryOptions } from '../llm/retry'
import type { LlmClient, LlmMessage, LlmToolCall } from '../llm/types'
import type { Logger } from '../observability/logger'
import type { ToolSet } from '../tooling/tool-set'
import { TraceRecorder, type TraceContext } from '../traces/trace-recorder'
import { exceedsMaxRounds, isFinalRound, roundLimitMessage, type ToolLoopLimits } from './limits'
import { initialRunState, orderToolResults, unfinishedToolCalls, type AgentRunState } from './loop-state'
import { streamModelRound } from './model-round'
import type { AgentSink } from './sink'
import { runToolRound } from './tool-round'

export interface AgentRunInput {
  llm: LlmClient
  model: string
  /** The conversation to start from (system prompt first); ignored when `resume` is given. */
  messages: LlmMessage[]
  tools: ToolSet
  limits: ToolLoopLimits
  retry: RetryOptions
  signal: AbortSignal
  sink: AgentSink
  /** Who tools run for. */
  caller: { userId: string; threadId: string | null; jobId: string }
  /** A checkpointed state to continue from. */
  resume?: AgentRunState | null
  logger?: Logger
  /** Trace every model round and tool call with these labels (to `sink.trace`); omitted: nothing traced. */
  trace?: { context: TraceContext; maxFieldBytes: number; segments?: boolean }
}

/** The model kept asking for tools past `maxRounds`. */
export class ToolLimitError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ToolLimitError'
  }
}

export interface AgentRunResult {
  /** The text of the final round (what a caller that wants "the answer" uses). */
  finalText: string
  usage: Usage | null
  rounds: number
  /** The conversation through the final answer. */
  messages: LlmMessage[]
}

/** Runs rounds until the model answers without tool calls; throws ToolLimitError past the round limit. */
export async function runAgent(input: AgentRunInput): Promise<AgentRunResult> {
  const { sink, limits, logger } = input
  const start = input.resume ?? initialRunState(input.messages)
  const state: AgentRunState = { ...start, messages: [...start.messages], rounds: [...start.rounds.filter(round => round.round < start.round)] }
  const snapshot = (): AgentRunState => ({ ...state, messages: [...state.messages], rounds: [...state.rounds] })
  const startedAt = Date.now()
  const traceSink = sink.trace?.bind(sink)
  const recorder = input.trace && traceSink ? new TraceRecorder({ ...input.trace, emit: traceSink }) : undefined
  logger?.info('agent run started', { jobId: input.caller.jobId, round: state.round, tools: input.tools.names.length })

  const runTools = async (round: number, calls: LlmToolCall[], assistantIndex: number) => {
    await runToolRound({
      tools: input.tools, sink, signal: input.signal, limits, round, caller: input.caller, trace: recorder,
      onResult: async (message) => {
        state.messages.push(message)
        await sink.checkpoint(snapshot())
      },
    }, calls)
    state.messages = orderToolResults(state.messages, assistantIndex)
    state.toolRoundsDone += 1
    await sink.checkpoint(snapshot())
  }

  const interrupted = unfinishedToolCalls(state.messages)
  if (interrupted.pending.length > 0) await runTools(state.round - 1, interrupted.pending, interrupted.assistantIndex)

  for (;;) {
    input.signal.throwIfAborted()
    const round = state.round
    const metadata: ToolRoundMetadata = { round, startedAt: Date.now(), toolCallIds: [] }
    let separated = false
    const messages = [...state.messages]
    const traced = recorder?.modelRound(round, input.model, messages, input.tools.definitions)
    const result = await streamModelRound({
      llm: input.llm, model: input.model, messages, tools: input.tools.definitions, signal: input.signal, retry: input.retry, round,
      onText: (text) => {
        // Text of a later round starts a new paragraph after the text of earlier ones.
        if (state.textLength > 0 && !separated) write('\n\n')
        separated = true
        write(text)
      },
    }).catch((error: unknown) => {
      traced?.fail(error, input.signal.aborted)
      throw error
    })
    traced?.finish(result)
    if (result.usage) {
      state.usage = state.usage ? addUsage(state.usage, result.usage) : result.usage
      sink.usage(state.usage)
      Object.assign(metadata, { promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens, cachedTokens: result.usage.cachedTokens })
    }
    metadata.finishReason = result.finishReason ?? undefined
    metadata.toolCallIds = result.calls.map(call => call.id)
    state.rounds.push({ ...metadata, finishedAt: Date.now() })
    await sink.round([...state.rounds], state.usage)
    if (isFinalRound(result.calls.length)) {
      logger?.info('agent run completed', { jobId: input.caller.jobId, rounds: round, durationMs: Date.now() - startedAt })
      state.messages.push({ role: 'assistant', content: result.text })
      return { finalText: result.text, usage: state.usage, rounds: round, messages: state.messages }
    }
    if (exceedsMaxRounds(state.toolRoundsDone, limits)) {
      logger?.warn('agent run limit exceeded', { jobId: input.caller.jobId, rounds: state.toolRoundsDone })
      throw new ToolLimitError(roundLimitMessage(limits))
    }
    state.messages.push({ role: 'assistant', content: result.text === '' ? null : result.text, tool_calls: result.calls })
    state.round = round + 1
    await sink.checkpoint(snapshot())
    await runTools(round, result.calls, state.messages.length - 1)
  }

  function write(text: string): void {
    state.textLength += text.length
    sink.text(text)
  }
}
