// A retention delete (traces, workflow results) as a Convex mutation: each call deletes at most
// `batchRows` (default 4000) rows before `cutoff` that the caller's index query picks, and reports
// whether it was the last batch; the provider repeats it until `done`. Which rows are old is the caller's.
import { v } from 'convex/values'
import { mutation, type DatabaseReader } from '../_generated/server'
import type { Id, TableNames } from '../_generated/dataModel'
import { requireServerSecret, serverSecretArgs } from './serverSecret'

/** The rows before `cutoff` to delete in this batch, at most `limit`. */
type PickOldRows<Table extends TableNames> = (database: DatabaseReader, cutoff: number, limit: number) => Promise<Array<{ _id: Id<Table> }>>

/** A secret-checked mutation deleting one batch of the rows `pick` chooses. */
export function retentionMutation<Table extends TableNames>(pick: PickOldRows<Table>) {
  return mutation({
    args: { ...serverSecretArgs, cutoff: v.number(), batchRows: v.optional(v.number()) },
    handler: async (context, args) => {
      requireServerSecret(args.secret)
      const limit = Math.max(1, args.batchRows ?? 4000)
      const rows = await pick(context.db, args.cutoff, limit)
      for (const row of rows) await context.db.delete(row._id)
      return { deleted: rows.length, done: rows.length < limit }
    },
  })
}
