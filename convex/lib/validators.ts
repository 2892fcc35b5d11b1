// Convex validators for the values the Errand tables hold, mirroring the zod shapes in shared/types.
// Tool calls and checkpoints are not here: they hold arbitrary model JSON whose keys Convex may
// reject (keys starting with '$' or '_', non-ASCII keys), so they are stored as JSON strings.
import { v } from 'convex/values'

export const jobStatusValidator = v.union(
  v.literal('queued'), v.literal('streaming'), v.literal('complete'), v.literal('error'), v.literal('aborted'),
  v.literal('interrupted'),
)

export const jobKindValidator = v.union(v.literal('chat'), v.literal('workflow'), v.literal('subagent'))

export const finishStatusValidator = v.union(v.literal('complete'), v.literal('error'), v.literal('aborted'))

export const messageRoleValidator = v.union(v.literal('user'), v.literal('assistant'))

export const usageValidator = v.object({
  promptTokens: v.number(),
  completionTokens: v.number(),
  cachedTokens: v.number(),
  reasoningTokens: v.number(),
})

export const toolRoundValidator = v.object({
  round: v.number(),
  startedAt: v.number(),
  finishedAt: v.optional(v.number()),
  toolCallIds: v.array(v.string()),
  finishReason: v.optional(v.string()),
  promptTokens: v.optional(v.number()),
  completionTokens: v.optional(v.number()),
  cachedTokens: v.optional(v.number()),
})

/** `validator` or null. */
export const nullable = <Validator extends Parameters<typeof v.union>[number]>(validator: Validator) =>
  v.union(validator, v.null())
