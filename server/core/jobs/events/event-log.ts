// A job's ordered event log: assigns increasing seqs (1, 2, 3, ...; a caller may make it jump forward,
// see SEQ_EPOCH_GAP) and keeps the newest events in a bounded ring for replay. It does not batch,
// broadcast or persist; it only numbers and remembers.
import type { JobEvent, JobEventBody } from '#shared/types/job-event'

/** The numbering gap lives in shared/rules so the Convex functions use the same one (requestJobAbort). */
export { SEQ_EPOCH_GAP } from '#shared/rules/job-seq-rules'

export class JobEventLog {
  private readonly ring: JobEvent[] = []
  private seq: number
  /** Cursors below this are no longer covered by the ring. */
  private floor: number

  /** @param capacity how many events replay can serve; @param startSeq the seq already used. */
  constructor(private readonly capacity: number, startSeq = 0) {
    this.seq = startSeq
    this.floor = startSeq
  }

  /** The seq of the newest event (the start seq before the first). */
  get lastSeq(): number {
    return this.seq
  }

  /** Numbers the event (at least `atLeast`), remembers it and returns it. */
  append(body: JobEventBody, atLeast = 0): JobEvent {
    this.seq = Math.max(this.seq + 1, atLeast)
    const event = { ...body, seq: this.seq } as JobEvent
    this.ring.push(event)
    if (this.ring.length > this.capacity) this.floor = (this.ring.shift() as JobEvent).seq
    return event
  }

  /**
   * Every event after `after`, in order, or null when the ring no longer holds all of them
   * (the caller then sends a snapshot) or when `after` is not a cursor of this log.
   */
  since(after: number): JobEvent[] | null {
    if (after > this.seq || after < this.floor) return null
    const first = this.ring.findIndex(event => event.seq > after)
    return first === -1 ? [] : this.ring.slice(first)
  }

  /** How many events the ring holds (for tests and metrics). */
  get size(): number {
    return this.ring.length
  }
}
