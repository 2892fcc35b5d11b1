// One batch of a retention delete (traces, workflow results): the arguments such a mutation takes and
// the deleting of the rows a caller's index query picked, reporting whether it was the last batch.
// The provider repeats the mutation until `done`; which rows are old is the caller's query.
import { v } from 'convex/values'
import type { DatabaseWriter } from '../_generated/server'
import type { Id, TableNames } from '../_generated/dataModel'
import { serverSecretArgs } from './serverSecret'

/** Arguments of a retention mutation: rows before `cutoff`, at most `batchRows` (default 4000) per call. */
export const retentionBatchArgs = { ...serverSecretArgs, cutoff: v.number(), batchRows: v.optional(v.number()) }

/** Deletes the rows `take(limit)` returns; `done` when there were fewer than the limit. */
export async function deleteRetentionBatch<Table extends TableNames>(
  database: DatabaseWriter, batchRows: number | undefined, take: (limit: number) => Promise<Array<{ _id: Id<Table> }>>,
): Promise<{ deleted: number, done: boolean }> {
  const limit = Math.max(1, batchRows ?? 4000)
  const rows = await take(limit)
  for (const row of rows) await database.delete(row._id)
  return { deleted: rows.length, done: rows.length < limit }
}
