// The rule every store provider applies to a progress read from a cursor: whether the cursor can be
// served, and the cursor to continue from. Pure and free of imports, so the Convex functions share it.
// Reading rows is each provider's job.

/** A job's progress marks: its stored lastSeq and the floor below which cursors cannot be served. */
export interface ProgressMarks {
  lastSeq: number
  /** Raised by a rewind (to lastSeq + 1) and by compacting chunks (to their last seq). */
  textFloor: number
}

/**
 * Whether a read after `afterSeq` must resync (the rows it would need were rewound or compacted), and
 * the cursor to ask with next: the floor after a resync, else the newest seq stored.
 */
export function progressCursor(afterSeq: number, marks: ProgressMarks): { resync: boolean, cursor: number } {
  if (afterSeq < marks.textFloor) return { resync: true, cursor: marks.textFloor }
  return { resync: false, cursor: Math.max(afterSeq, marks.lastSeq) }
}

/** The cursor a reader continues from after it resynced with a whole job read after `progressCursor` said so. */
export function cursorAfterResync(jobLastSeq: number, resyncCursor: number): number {
  return Math.max(jobLastSeq, resyncCursor)
}
