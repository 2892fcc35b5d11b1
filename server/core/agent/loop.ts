// The tool loop of a chat job: rounds of "stream the model → collect tool calls → run them → append the
// assistant message with `tool_calls` and one tool message per result", until a round asks for no tools.
// After every model round and every completed tool call it hands a checkpoint to `checkpoint`, and it
// can start from one (a resumed job), finishing the tool calls an interrupted round left undone.
// Stop conditions and limits live in tool-loop-limits; running one round's tools in tool-round.
import type { Job } from '#shared/types/job'
import type { ToolRoundMetadata } from '#shared/types/tool-call'
import { addUsage, type Usage } from '#shared/types/usage'
import type { RetryOptions } from '../llm/retry'
import type { LlmClient, LlmMessage, LlmToolCall, LlmToolDefinition } from '../llm/types'
import type { Logger } from '../observability/logger'
import type { ToolRegistry } from '../tooling/registry'
import type { LiveJob } from '../jobs/events/live-job'
import { streamModelRound } from './model-round'
import type { Store } from '../store/ports'
import { exceedsMaxRounds, isFinalRound, roundLimitMessage, type ToolLoopLimits } from './limits'
import { orderToolResults, unfinishedToolCalls, type ToolLoopState } from './loop-state'
import { runToolRound } from './tool-round'

export interface ToolLoopInput {
  job: Job
  live: LiveJob
  store: Store
  llm: LlmClient
  tools: ToolRegistry
  toolDefinitions: LlmToolDefinition[]
  /** Where to start: a fresh conversation (round 1) or a checkpoint. */
  state: ToolLoopState
  signal: AbortSignal
  limits: ToolLoopLimits
  retry: RetryOptions
  logger: Logger
  /** Receives every piece of answer text (to viewers and, batched, to the store). */
  onText: (text: string) => void
  /** The length of the job's text so far. */
  contentLength: () => number
  /** Persists a turn boundary; resolves when it is durable. */
  checkpoint: (state: ToolLoopState) => Promise<void>
}

/** The model kept asking for tools past `maxRounds`. */
export class ToolLimitError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ToolLimitError'
  }
}

export interface ToolLoopResult {
  usage: Usage | null
  rounds: number
}

/** Runs rounds until the model answers without tool calls; throws ToolLimitError past the round limit. */
export async function runToolLoop(input: ToolLoopInput): Promise<ToolLoopResult> {
  const { job, live, store, limits, logger } = input
  const state: ToolLoopState = { ...input.state, messages: [...input.state.messages] }
  const rounds: ToolRoundMetadata[] = [...job.toolRounds.filter(round => round.round < state.round)]
  let usage: Usage | null = job.usage
  let wroteText = state.contentLength > 0
  const startedAt = Date.now()
  logger.info('tool loop started', { jobId: job.id, round: state.round, tools: input.toolDefinitions.length })

  const runTools = async (round: number, calls: LlmToolCall[], assistantIndex: number) => {
    await runToolRound({
      job, live, store, tools: input.tools, signal: input.signal, limits, round,
      onResult: async (message) => {
        state.messages.push(message)
        await input.checkpoint({ ...state, messages: [...state.messages], contentLength: input.contentLength() })
      },
    }, calls)
    state.messages = orderToolResults(state.messages, assistantIndex)
    state.toolRoundsDone += 1
    await input.checkpoint({ ...state, messages: [...state.messages], contentLength: input.contentLength() })
  }

  const interrupted = unfinishedToolCalls(state.messages)
  if (interrupted.pending.length > 0) await runTools(state.round - 1, interrupted.pending, interrupted.assistantIndex)

  for (;;) {
    const round = state.round
    const metadata: ToolRoundMetadata = { round, startedAt: Date.now(), toolCallIds: [] }
    let separated = false
    const result = await streamModelRound({
      llm: input.llm, model: job.model, messages: state.messages, tools: input.toolDefinitions, signal: input.signal, retry: input.retry, round,
      onText: (text) => {
        // Text of a later round starts a new paragraph after the text of earlier ones.
        if (wroteText && !separated) input.onText('\n\n')
        separated = true
        wroteText = true
        input.onText(text)
      },
    })
    if (result.usage) {
      usage = usage ? addUsage(usage, result.usage) : result.usage
      live.emit({ type: 'usage', usage })
      Object.assign(metadata, { promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens, cachedTokens: result.usage.cachedTokens })
    }
    metadata.finishReason = result.finishReason ?? undefined
    metadata.toolCallIds = result.calls.map(call => call.id)
    const final = isFinalRound(result.calls.length)
    rounds.push({ ...metadata, finishedAt: Date.now() })
    await store.updateJobMetadata(job.userId, job.id, { toolRounds: rounds, ...(usage ? { usage } : {}) })
    if (final) {
      logger.info('tool loop completed', { jobId: job.id, rounds: round, durationMs: Date.now() - startedAt })
      return { usage, rounds: round }
    }
    if (exceedsMaxRounds(state.toolRoundsDone, limits)) {
      logger.warn('tool loop limit exceeded', { jobId: job.id, rounds: state.toolRoundsDone })
      throw new ToolLimitError(roundLimitMessage(limits))
    }
    const assistant: LlmMessage = { role: 'assistant', content: result.text === '' ? null : result.text, tool_calls: result.calls }
    state.messages.push(assistant)
    state.round = round + 1
    await input.checkpoint({ ...state, messages: [...state.messages], contentLength: input.contentLength() })
    await runTools(round, result.calls, state.messages.length - 1)
    input.signal.throwIfAborted()
  }
}
