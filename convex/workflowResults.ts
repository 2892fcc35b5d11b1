// Convex functions of the workflow result cache: a step's result per user and cache key, stored as
// JSON text (the Errand server validates it when read back), and the retention delete. Secret-checked;
// no feed events.
import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import { retentionMutation } from './lib/retentionBatch'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'

/** The stored JSON text, or null for none. */
export const get = query({
  args: { ...serverSecretArgs, userId: v.string(), key: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const row = await context.db.query('workflow_results').withIndex('by_user_key', range => range.eq('user_id', args.userId).eq('cache_key', args.key)).unique()
    return row?.value ?? null
  },
})

/** Stores or replaces the result. */
export const put = mutation({
  args: { ...serverSecretArgs, userId: v.string(), key: v.string(), value: v.string(), now: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const row = await context.db.query('workflow_results').withIndex('by_user_key', range => range.eq('user_id', args.userId).eq('cache_key', args.key)).unique()
    if (row) await context.db.patch(row._id, { value: args.value, created_at: args.now })
    else await context.db.insert('workflow_results', { user_id: args.userId, cache_key: args.key, value: args.value, created_at: args.now })
  },
})

/** Deletes results stored before `cutoff` (every user's), at most `batchRows` per call; the caller repeats until `done`. */
export const deleteBefore = retentionMutation((database, cutoff, limit) =>
  database.query('workflow_results').withIndex('by_created_at', range => range.lt('created_at', cutoff)).take(limit))
