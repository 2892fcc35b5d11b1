// Token usage of one model request or a whole job, as the OpenAI-compatible endpoint reports it.
// Only the shape and a merge helper; recording usage is the llm client's and the job's business.
import { z } from 'zod'

export const usageSchema = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  cachedTokens: z.number().int().nonnegative(),
  reasoningTokens: z.number().int().nonnegative(),
  /** Prompt tokens the provider wrote to its cache (Anthropic-style cache creation), when reported. */
  cacheWriteTokens: z.number().int().nonnegative().optional(),
  /** What the request cost in US dollars, when the provider reports it (OpenRouter `usage.cost`). */
  costUsd: z.number().nonnegative().optional(),
})

export type Usage = z.infer<typeof usageSchema>

export const emptyUsage = (): Usage => ({ promptTokens: 0, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0 })

/** Adds two usage records field by field (a job's usage is the sum of its model requests). */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    ...optionalSum('cacheWriteTokens', a.cacheWriteTokens, b.cacheWriteTokens),
    ...optionalSum('costUsd', a.costUsd, b.costUsd),
  }
}

/** `{ [key]: a + b }` when either side reported the figure, `{}` when neither did. */
function optionalSum<K extends string>(key: K, a: number | undefined, b: number | undefined): Partial<Record<K, number>> {
  if (a === undefined && b === undefined) return {}
  return { [key]: (a ?? 0) + (b ?? 0) } as Partial<Record<K, number>>
}
