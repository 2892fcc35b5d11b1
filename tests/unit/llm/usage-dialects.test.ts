// The usage dialects providers send through OpenAI-compatible endpoints all land in one Usage shape:
// OpenAI/OpenRouter cached tokens, cache writes and cost; DeepSeek hits and misses; Anthropic-style
// cache reads and creations beside an uncached input count.
import { describe, expect, it } from 'vitest'
import { chunkToParts } from '../../../server/core/llm/chunk-parts'

const usageOf = (usage: unknown) => {
  const parts = chunkToParts(JSON.stringify({ choices: [], usage }), 'secret')
  const part = parts.find(candidate => candidate.type === 'usage')
  if (part?.type !== 'usage') throw new Error('no usage part')
  return part.usage
}

describe('usage dialects', () => {
  it('reads OpenAI cached tokens and reasoning tokens, with no cache-write or cost fields', () => {
    expect(usageOf({ prompt_tokens: 1200, completion_tokens: 42, prompt_tokens_details: { cached_tokens: 1024 }, completion_tokens_details: { reasoning_tokens: 30 } }))
      .toEqual({ promptTokens: 1200, completionTokens: 42, cachedTokens: 1024, reasoningTokens: 30 })
  })

  it('reads OpenRouter cache writes and cost', () => {
    expect(usageOf({ prompt_tokens: 2000, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 1800 }, cost: 0.0042 }))
      .toEqual({ promptTokens: 2000, completionTokens: 20, cachedTokens: 0, reasoningTokens: 0, cacheWriteTokens: 1800, costUsd: 0.0042 })
  })

  it('reads DeepSeek hits as cached tokens and derives the prompt from hits + misses when absent', () => {
    expect(usageOf({ prompt_tokens: 1500, completion_tokens: 9, prompt_cache_hit_tokens: 1280, prompt_cache_miss_tokens: 220 }))
      .toEqual({ promptTokens: 1500, completionTokens: 9, cachedTokens: 1280, reasoningTokens: 0 })
    expect(usageOf({ completion_tokens: 1, prompt_cache_hit_tokens: 64, prompt_cache_miss_tokens: 36 }).promptTokens).toBe(100)
  })

  it('reads Anthropic-style cache reads and creations, counting them into the prompt', () => {
    expect(usageOf({ input_tokens: 100, output_tokens: 7, cache_read_input_tokens: 3000, cache_creation_input_tokens: 400 }))
      .toEqual({ promptTokens: 3500, completionTokens: 7, cachedTokens: 3000, reasoningTokens: 0, cacheWriteTokens: 400 })
  })

  it('keeps an explicit prompt_tokens over the derived one', () => {
    expect(usageOf({ prompt_tokens: 3500, completion_tokens: 7, cache_read_input_tokens: 3000, cache_creation_input_tokens: 400 }).promptTokens).toBe(3500)
  })
})
