// How job event numbering moves between processes: the gap a new numbering starts above the stored
// seq. Pure and free of imports, so the Convex functions (bundled apart from Nuxt) share it with the
// event log and recovery. Numbers nothing itself; the event log does.

/**
 * How far a new numbering (a resumed job, another instance following a job, or a stop written by
 * the store) starts above the stored seq. Larger than the number of events an owner can have logged
 * beyond what it stored, so no cursor a viewer holds from another process can fall inside the new
 * numbering: such a cursor gets a snapshot.
 */
export const SEQ_EPOCH_GAP = 10_000
