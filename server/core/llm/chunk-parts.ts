// Maps one SSE `data:` payload of an OpenAI chat-completions stream to LlmStreamParts: text, tool-call
// deltas, usage and the finish reason. Malformed JSON and in-stream error objects become LlmErrors.
// It does not read bytes or track the stream's end; client.ts does that.
import { z } from 'zod'
import type { Usage } from '#shared/types/usage'
import { LlmError } from './llm-error'
import { redactSecret } from './read-http-error'
import type { LlmStreamPart } from './types'

const count = z.number().nonnegative().nullish()

// The usage dialects seen through OpenAI-compatible endpoints: OpenAI/OpenRouter
// (`prompt_tokens_details.cached_tokens`, `cache_write_tokens`, `cost`), DeepSeek
// (`prompt_cache_hit_tokens` / `prompt_cache_miss_tokens`) and Anthropic-style
// (`cache_read_input_tokens` / `cache_creation_input_tokens`, `input_tokens` without the cached part).
const openAiUsageSchema = z.object({
  prompt_tokens: count,
  completion_tokens: count,
  input_tokens: count,
  output_tokens: count,
  prompt_tokens_details: z.object({ cached_tokens: count, cache_write_tokens: count, cache_creation_tokens: count }).nullish(),
  completion_tokens_details: z.object({ reasoning_tokens: count }).nullish(),
  prompt_cache_hit_tokens: count,
  prompt_cache_miss_tokens: count,
  cache_read_input_tokens: count,
  cache_creation_input_tokens: count,
  cost: count,
})

const toolCallDeltaSchema = z.object({
  index: z.number().int().nonnegative().nullish(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
})

const chunkSchema = z.object({
  choices: z.array(z.object({
    delta: z.object({
      content: z.string().nullish(),
      tool_calls: z.array(toolCallDeltaSchema).nullish(),
    }).nullish(),
    finish_reason: z.string().nullish(),
  })).nullish(),
  usage: openAiUsageSchema.nullish(),
  error: z.object({ message: z.string().nullish(), code: z.union([z.number(), z.string()]).nullish() }).nullish(),
})

type OpenAiUsage = z.infer<typeof openAiUsageSchema>

/**
 * Maps any of the usage dialects to one Usage: `promptTokens` always counts the whole prompt (cached
 * and written parts included), `cachedTokens` what was read from the cache; missing counts are 0, and
 * cache writes and cost appear only when reported.
 */
export function usageFromOpenAi(usage: OpenAiUsage): Usage {
  const details = usage.prompt_tokens_details
  const cachedTokens = details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? usage.cache_read_input_tokens ?? 0
  const cacheWriteTokens = details?.cache_write_tokens ?? details?.cache_creation_tokens ?? usage.cache_creation_input_tokens ?? undefined
  return {
    promptTokens: usage.prompt_tokens ?? promptFromParts(usage, cachedTokens, cacheWriteTokens ?? 0),
    completionTokens: usage.completion_tokens ?? usage.output_tokens ?? 0,
    cachedTokens,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
    ...(cacheWriteTokens !== undefined ? { cacheWriteTokens } : {}),
    ...(usage.cost != null ? { costUsd: usage.cost } : {}),
  }
}

/** Without `prompt_tokens`: DeepSeek's hit + miss, or Anthropic's uncached input plus its cache reads and writes. */
function promptFromParts(usage: OpenAiUsage, cached: number, written: number): number {
  if (usage.prompt_cache_miss_tokens != null) return cached + usage.prompt_cache_miss_tokens
  if (usage.input_tokens != null) return usage.input_tokens + cached + written
  return 0
}

/** Parses one `data:` payload (not `[DONE]`) into parts; throws LlmError for malformed or error chunks. */
export function chunkToParts(data: string, secret: string): LlmStreamPart[] {
  const parsed = chunkSchema.safeParse(parseJson(data, secret))
  if (!parsed.success) throw LlmError.malformed(`${excerpt(data, secret)} (${parsed.error.issues[0]?.message ?? 'unexpected shape'})`)
  const chunk = parsed.data
  if (chunk.error) throw inStreamError(chunk.error.message ?? 'no message', chunk.error.code, secret)
  const parts: LlmStreamPart[] = []
  const choice = chunk.choices?.[0]
  if (choice?.delta?.content) parts.push({ type: 'text', text: choice.delta.content })
  choice?.delta?.tool_calls?.forEach((call, position) => {
    const part: LlmStreamPart = { type: 'tool_call_delta', index: call.index ?? position }
    if (call.id) part.id = call.id
    if (call.function?.name) part.name = call.function.name
    if (call.function?.arguments) part.arguments = call.function.arguments
    parts.push(part)
  })
  if (choice?.finish_reason) parts.push({ type: 'finish', reason: choice.finish_reason })
  if (chunk.usage) parts.push({ type: 'usage', usage: usageFromOpenAi(chunk.usage) })
  return parts
}

function parseJson(data: string, secret: string): unknown {
  try {
    return JSON.parse(data)
  }
  catch {
    throw LlmError.malformed(`${excerpt(data, secret)} is not JSON`)
  }
}

function inStreamError(message: string, code: number | string | null | undefined, secret: string): LlmError {
  const status = typeof code === 'number' ? code : undefined
  const retryable = status !== undefined && (status === 429 || status >= 500)
  const text = `The model endpoint reported an error${status ? ` (${status})` : ''}: ${redactSecret(message, secret)}`
  return new LlmError(status ? 'http' : 'protocol', text, { status, retryable })
}

function excerpt(data: string, secret: string): string {
  const clean = redactSecret(data, secret).replace(/\s+/g, ' ')
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 79)}…` : clean)
}
