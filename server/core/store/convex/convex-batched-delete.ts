// Housekeeping deletes on Convex run in batches (one mutation may touch only so many documents): this
// repeats a batch mutation until it reports `done` and adds up what it deleted. It chooses nothing itself.
import { z } from 'zod'

const deleteBatchSchema = z.object({ deleted: z.number().int().nonnegative(), done: z.boolean() })

/** Calls `runBatch` until a batch says it was the last; returns the documents deleted in all. */
export async function deleteInBatches(runBatch: () => Promise<unknown>): Promise<number> {
  let deleted = 0
  for (;;) {
    const batch = deleteBatchSchema.parse(await runBatch())
    deleted += batch.deleted
    if (batch.done) return deleted
  }
}
