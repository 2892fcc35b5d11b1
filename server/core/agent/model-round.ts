// Streams one model round: text goes to `onText` as it arrives, tool-call fragments are assembled into
// whole calls, and usage and the finish reason are collected. Retries before the first token are
// streamWithRetry's; this module does not run tools or touch the store.
import type { Usage } from '#shared/types/usage'
import { streamWithRetry, type RetryOptions } from '../llm/retry'
import type { LlmClient, LlmMessage, LlmToolCall, LlmToolDefinition } from '../llm/types'
import { ToolCallAccumulator } from './tool-call-accumulator'

export interface ModelRoundInput {
  llm: LlmClient
  model: string
  messages: LlmMessage[]
  tools: LlmToolDefinition[]
  signal: AbortSignal
  retry: RetryOptions
  round: number
  onText: (text: string) => void
}

export interface ModelRoundResult {
  text: string
  calls: LlmToolCall[]
  finishReason: string | null
  usage: Usage | null
}

export async function streamModelRound(input: ModelRoundInput): Promise<ModelRoundResult> {
  const accumulator = new ToolCallAccumulator()
  let text = ''
  let finishReason: string | null = null
  let usage: Usage | null = null
  const request = {
    model: input.model,
    messages: input.messages,
    signal: input.signal,
    ...(input.tools.length > 0 ? { tools: input.tools } : {}),
  }
  for await (const part of streamWithRetry(input.llm, request, input.retry)) {
    switch (part.type) {
      case 'text':
        text += part.text
        input.onText(part.text)
        break
      case 'tool_call_delta':
        accumulator.add(part)
        break
      case 'usage':
        usage = part.usage
        break
      case 'finish':
        finishReason = part.reason
        break
    }
  }
  return { text, calls: accumulator.complete(input.round), finishReason, usage }
}
