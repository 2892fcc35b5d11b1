// Maps one SSE `data:` payload of an OpenAI chat-completions stream to LlmStreamParts: text, tool-call
// deltas, usage and the finish reason. Malformed JSON and in-stream error objects become LlmErrors.
// The hot path (a text or tool-call delta, hundreds per second) is checked by hand, field by field;
// only the rare usage and error objects go through zod. It does not read bytes; client.ts does that.
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

const errorSchema = z.object({ message: z.string().nullish(), code: z.union([z.number(), z.string()]).nullish() })

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
  const chunk = parseJson(data, secret)
  const malformed = (why: string) => LlmError.malformed(`${excerpt(data, secret)} (${why})`)
  if (!isRecord(chunk)) throw malformed('expected an object')
  if (chunk.error != null) {
    const error = errorSchema.safeParse(chunk.error)
    if (!error.success) throw malformed(`error: ${error.error.issues[0]?.message ?? 'unexpected shape'}`)
    throw inStreamError(error.data.message ?? 'no message', error.data.code, secret)
  }
  const parts: LlmStreamPart[] = []
  const choice = firstChoice(chunk.choices, malformed)
  if (choice) {
    const delta = optional(choice.delta, isRecord, 'choices.0.delta: expected an object', malformed)
    const content = optional(delta?.content, isString, 'choices.0.delta.content: expected a string', malformed)
    if (content) parts.push({ type: 'text', text: content })
    const calls = optional(delta?.tool_calls, Array.isArray, 'choices.0.delta.tool_calls: expected an array', malformed)
    calls?.forEach((call: unknown, position: number) => parts.push(toolCallPart(call, position, malformed)))
    const reason = optional(choice.finish_reason, isString, 'choices.0.finish_reason: expected a string', malformed)
    if (reason) parts.push({ type: 'finish', reason })
  }
  if (chunk.usage != null) {
    const usage = openAiUsageSchema.safeParse(chunk.usage)
    if (!usage.success) throw malformed(`usage: ${usage.error.issues[0]?.message ?? 'unexpected shape'}`)
    parts.push({ type: 'usage', usage: usageFromOpenAi(usage.data) })
  }
  return parts
}

type Malformed = (why: string) => LlmError
type Fields = Record<string, unknown>

const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value)
const isString = (value: unknown): value is string => typeof value === 'string'
const isIndex = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0

/** `value` when it passes `check`, undefined when absent (null or undefined, as zod's nullish), else a malformed error. */
function optional<T>(value: unknown, check: (value: unknown) => value is T, why: string, malformed: Malformed): T | undefined {
  if (value == null) return undefined
  if (!check(value)) throw malformed(why)
  return value
}

function firstChoice(choices: unknown, malformed: Malformed): Fields | undefined {
  const list = optional(choices, Array.isArray, 'choices: expected an array', malformed)
  if (!list) return undefined
  // Every choice must be an object, as the stream's grammar says; only the first is read.
  for (const choice of list) if (!isRecord(choice)) throw malformed('choices: expected objects')
  return list[0] as Fields | undefined
}

function toolCallPart(call: unknown, position: number, malformed: Malformed): LlmStreamPart {
  const at = `choices.0.delta.tool_calls.${position}`
  if (!isRecord(call)) throw malformed(`${at}: expected an object`)
  const index = optional(call.index, isIndex, `${at}.index: expected a non-negative integer`, malformed)
  const id = optional(call.id, isString, `${at}.id: expected a string`, malformed)
  const fn = optional(call.function, isRecord, `${at}.function: expected an object`, malformed)
  const name = optional(fn?.name, isString, `${at}.function.name: expected a string`, malformed)
  const args = optional(fn?.arguments, isString, `${at}.function.arguments: expected a string`, malformed)
  const part: LlmStreamPart = { type: 'tool_call_delta', index: index ?? position }
  if (id) part.id = id
  if (name) part.name = name
  if (args) part.arguments = args
  return part
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
