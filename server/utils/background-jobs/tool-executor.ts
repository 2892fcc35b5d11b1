// The tool loop of a chat job: rounds of "stream the model → collect tool calls → run them → append the
// assistant message with `tool_calls` and one tool message per result", until a round asks for no tools.
// Stop conditions and limits live in tool-loop-limits; running one round's tools in tool-round.
import type { Job } from '#shared/types/job'
import type { ToolRoundMetadata } from '#shared/types/tool-call'
import { addUsage, type Usage } from '#shared/types/usage'
import type { RetryOptions } from '../llm/retry'
import type { LlmClient, LlmMessage, LlmToolDefinition } from '../llm/types'
import type { Logger } from '../observability/logger'
import type { ToolRegistry } from '../tools/tool-registry'
import type { LiveJob } from './live-job'
import { streamModelRound } from './model-round'
import type { Store } from './providers/store'
import { exceedsMaxRounds, isFinalRound, roundLimitMessage, type ToolLoopLimits } from './tool-loop-limits'
import { runToolRound } from './tool-round'

export interface ToolLoopInput {
  job: Job
  live: LiveJob
  store: Store
  llm: LlmClient
  tools: ToolRegistry
  toolDefinitions: LlmToolDefinition[]
  messages: LlmMessage[]
  signal: AbortSignal
  limits: ToolLoopLimits
  retry: RetryOptions
  logger: Logger
  /** Receives every piece of answer text (viewers and the store writer). */
  onText: (text: string) => void
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
  const messages = [...input.messages]
  const rounds: ToolRoundMetadata[] = []
  let usage: Usage | null = null
  let wroteText = false
  const startedAt = Date.now()
  logger.info('tool loop started', { jobId: job.id, tools: input.toolDefinitions.length })
  for (let round = 1; ; round += 1) {
    const metadata: ToolRoundMetadata = { round, startedAt: Date.now(), toolCallIds: [] }
    let separated = false
    const result = await streamModelRound({
      llm: input.llm, model: job.model, messages, tools: input.toolDefinitions, signal: input.signal, retry: input.retry, round,
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
    const toolRoundsDone = round - 1
    if (!isFinalRound(result.calls.length) && exceedsMaxRounds(toolRoundsDone, limits)) {
      rounds.push({ ...metadata, finishedAt: Date.now() })
      await store.updateJobMetadata(job.userId, job.id, { toolRounds: rounds, ...(usage ? { usage } : {}) })
      logger.warn('tool loop limit exceeded', { jobId: job.id, rounds: toolRoundsDone })
      throw new ToolLimitError(roundLimitMessage(limits))
    }
    if (!isFinalRound(result.calls.length)) {
      messages.push({ role: 'assistant', content: result.text === '' ? null : result.text, tool_calls: result.calls })
      messages.push(...await runToolRound({ job, live, store, tools: input.tools, signal: input.signal, limits, round }, result.calls))
    }
    rounds.push({ ...metadata, finishedAt: Date.now() })
    await store.updateJobMetadata(job.userId, job.id, { toolRounds: rounds, ...(usage ? { usage } : {}) })
    if (isFinalRound(result.calls.length)) {
      logger.info('tool loop completed', { jobId: job.id, rounds: round, durationMs: Date.now() - startedAt })
      return { usage, rounds: round }
    }
    input.signal.throwIfAborted()
  }
}
