// Convex functions for trace rows: an upsert by trace id that only writes rows of the user's own
// jobs, keyset listing by thread or job in (turn, startedAt, id) order, and the traces' own retention
// in bounded batches. Traces arrive and leave as JSON text; the Errand server validates them. Secret-checked.
import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import { compareTraces, isAfterCursor } from '../shared/rules/trace-order'
import { findOwnedJob } from './lib/jobRecords'
import { nullable } from './lib/validators'
import { retentionMutation } from './lib/retentionBatch'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'

const traceRowValidator = v.object({
  traceId: v.string(), jobId: v.string(), threadId: nullable(v.string()), turn: v.number(), startedAt: v.number(), traceJson: v.string(),
})

/** Inserts or replaces each trace (by id) whose job is the user's; others are dropped. */
export const write = mutation({
  args: { ...serverSecretArgs, userId: v.string(), traces: v.array(traceRowValidator) },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    for (const trace of args.traces) {
      if (!await findOwnedJob(context.db, args.userId, trace.jobId)) continue
      const fields = {
        trace_id: trace.traceId, user_id: args.userId, job_id: trace.jobId, thread_id: trace.threadId, turn: trace.turn,
        started_at: trace.startedAt, trace_json: trace.traceJson,
      }
      const existing = await context.db.query('traces').withIndex('by_trace_id', range => range.eq('trace_id', trace.traceId)).unique()
      if (!existing) await context.db.insert('traces', fields)
      else if (existing.user_id === args.userId) await context.db.replace(existing._id, fields)
    }
  },
})

/**
 * The user's traces of a thread or a job, after the cursor, at most `limit`, as JSON text. Rows are
 * read in index order from the cursor's turn on; ties of (turn, startedAt) are all read before cutting,
 * so the id order among them is exact.
 */
export const list = query({
  args: {
    ...serverSecretArgs, userId: v.string(), threadId: v.optional(v.string()), jobId: v.optional(v.string()), turn: v.optional(v.number()),
    after: v.optional(v.object({ turn: v.number(), startedAt: v.number(), id: v.string() })), limit: v.number(),
  },
  handler: async (context, args): Promise<string[]> => {
    requireServerSecret(args.secret)
    if (args.limit <= 0) return []
    if (args.jobId === undefined && args.threadId === undefined) return []
    // From the turn asked for, or the cursor's turn on; everything else is skipped below.
    const fromTurn = args.turn ?? args.after?.turn ?? 0
    const rows = args.jobId !== undefined
      ? context.db.query('traces').withIndex('by_job_turn', range => range.eq('job_id', args.jobId!).gte('turn', fromTurn))
      : context.db.query('traces').withIndex('by_thread_turn', range => range.eq('thread_id', args.threadId!).gte('turn', fromTurn))
    const picked: { turn: number; startedAt: number; id: string; json: string }[] = []
    for await (const row of rows) {
      if (row.user_id !== args.userId) continue
      if (args.threadId !== undefined && row.thread_id !== args.threadId) continue
      if (args.turn !== undefined && row.turn !== args.turn) break
      const key = { turn: row.turn, startedAt: row.started_at, id: row.trace_id }
      if (!isAfterCursor(key, args.after)) continue
      const last = picked.at(-1)
      if (picked.length >= args.limit && last && (last.turn !== key.turn || last.startedAt !== key.startedAt)) break
      picked.push({ ...key, json: row.trace_json })
    }
    return picked.sort(compareTraces).slice(0, args.limit).map(row => row.json)
  },
})

/** Deletes traces started before `cutoff`, at most `batchRows` per call; the caller repeats until `done`. */
export const deleteBefore = retentionMutation((database, cutoff, limit) =>
  database.query('traces').withIndex('by_started_at', range => range.lt('started_at', cutoff)).take(limit))
