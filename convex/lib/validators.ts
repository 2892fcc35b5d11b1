// Convex validators for the values the Errand tables hold, mirroring the zod shapes in shared/types.
// Tool calls and checkpoints are not here: they hold arbitrary model JSON whose keys Convex may
// reject (keys starting with '$' or '_', non-ASCII keys), so they are stored as JSON strings.
import { v } from 'convex/values'

/** `validator` or null. */
export const nullable = <Validator extends Parameters<typeof v.union>[number]>(validator: Validator) =>
  v.union(validator, v.null())

export const jobStatusValidator = v.union(
  v.literal('queued'), v.literal('streaming'), v.literal('complete'), v.literal('error'), v.literal('aborted'),
)

export const jobKindValidator = v.union(v.literal('chat'), v.literal('workflow'), v.literal('subagent'))

export const finishStatusValidator = v.union(v.literal('complete'), v.literal('error'), v.literal('aborted'))

export const messageRoleValidator = v.union(v.literal('user'), v.literal('assistant'))

export const usageValidator = v.object({
  promptTokens: v.number(),
  completionTokens: v.number(),
  cachedTokens: v.number(),
  reasoningTokens: v.number(),
  cacheWriteTokens: v.optional(v.number()),
  costUsd: v.optional(v.number()),
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

/** A feed event's body (shared/types/user-event.ts): ids, kinds, statuses and titles, never message text. */
export const userFeedEventBodyValidator = v.union(
  v.object({
    type: v.literal('thread'),
    thread: v.object({ id: v.string(), title: v.string(), updatedAt: v.number() }),
  }),
  v.object({ type: v.literal('thread_deleted'), threadId: v.string() }),
  v.object({
    type: v.literal('job'),
    job: v.object({
      id: v.string(), kind: jobKindValidator, status: jobStatusValidator, threadId: nullable(v.string()),
      messageId: nullable(v.string()), parentJobId: nullable(v.string()), title: nullable(v.string()),
    }),
  }),
)
