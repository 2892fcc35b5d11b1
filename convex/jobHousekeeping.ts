// Convex functions for the server's housekeeping: deleting finished jobs past retention and the feed
// events older than it (in bounded batches, job chunks first, so no call exceeds Convex's
// per-transaction limits), and listing the jobs a dead process left unfinished. System functions: no
// user id, still secret-checked.
import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import { deleteJobText } from './lib/jobText'
import { deleteJobToolCalls } from './lib/jobToolCalls'
import { deleteJobTraces } from './lib/jobTraces'
import { listUnfinishedJobs, readJobRecord } from './lib/jobRecords'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'

/** The most rows (jobs, their chunks and feed events) one cleanup call deletes by default; the caller repeats until done. */
const CLEANUP_BATCH_ROWS = 4000

/**
 * Deletes terminal jobs finished before `cutoff` with their text and traces, then feed events recorded before
 * it, at most `batchRows` rows per call (well under Convex's per-transaction write limit). Returns how
 * many jobs it deleted and whether nothing is left to delete. Per-user seq counters stay.
 */
export const cleanup = mutation({
  args: { ...serverSecretArgs, cutoff: v.number(), batchRows: v.optional(v.number()) },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const batchRows = Math.max(1, args.batchRows ?? CLEANUP_BATCH_ROWS)
    // finished_at is set only by the terminal transition, so every row in this range is terminal.
    const expired = await context.db.query('background_jobs')
      .withIndex('by_finished_at', range => range.gt('finished_at', null).lt('finished_at', args.cutoff)).take(batchRows)
    let budget = batchRows
    let deleted = 0
    for (const job of expired) {
      budget -= await deleteJobText(context.db, job.job_id, budget)
      if (budget <= 0) return { deleted, done: false }
      budget -= await deleteJobToolCalls(context.db, job.job_id, budget)
      if (budget <= 0) return { deleted, done: false }
      budget -= await deleteJobTraces(context.db, job.job_id, budget)
      if (budget <= 0) return { deleted, done: false }
      await context.db.delete(job._id)
      budget -= 1
      deleted += 1
    }
    if (budget <= 0) return { deleted, done: false }
    const events = await context.db.query('user_events').withIndex('by_at', range => range.lt('at', args.cutoff)).take(budget)
    for (const event of events) await context.db.delete(event._id)
    return { deleted, done: expired.length < batchRows && events.length < budget }
  },
})

/** Jobs left queued or streaming, of every user, oldest first. */
export const listUnfinished = query({
  args: { ...serverSecretArgs },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    return Promise.all((await listUnfinishedJobs(context.db)).map(job => readJobRecord(context.db, job)))
  },
})
