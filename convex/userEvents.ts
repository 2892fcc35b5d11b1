// Convex functions reading a user's live feed (GET /api/events): the events after a seq, oldest
// first, and the newest seq handed out. The events are written by the mutations that make the changes
// (lib/userEvents.ts) and pruned by retention (jobHousekeeping.cleanup). Secret-checked.
import { v } from 'convex/values'
import { query } from './_generated/server'
import { findUserEventCounter } from './lib/userEvents'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'

/** The user's feed events with seq > `afterSeq`, oldest first, at most `limit`. */
export const list = query({
  args: { ...serverSecretArgs, userId: v.string(), afterSeq: v.number(), limit: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    if (args.limit <= 0) return []
    const events = await context.db.query('user_events')
      .withIndex('by_user_seq', range => range.eq('user_id', args.userId).gt('seq', args.afterSeq)).take(args.limit)
    return events.map(event => ({ ...event.body, seq: event.seq, at: event.at }))
  },
})

/** The newest seq handed out to the user (0 before their first event); retention does not lower it. */
export const latestSeq = query({
  args: { ...serverSecretArgs, userId: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    return (await findUserEventCounter(context.db, args.userId))?.last_seq ?? 0
  },
})
