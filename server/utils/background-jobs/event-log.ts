// A job's ordered event log: assigns seq 1, 2, 3, ... and keeps the newest events in a bounded ring
// for replay. It does not batch, broadcast or persist; it only numbers and remembers.
import type { JobEvent, JobEventBody } from '#shared/types/job-event'

export class JobEventLog {
  private readonly ring: JobEvent[] = []
  private seq: number

  /** @param capacity how many events replay can serve; @param startSeq the seq already used (resumed jobs). */
  constructor(private readonly capacity: number, startSeq = 0) {
    this.seq = startSeq
  }

  /** The seq of the newest event (0 before the first). */
  get lastSeq(): number {
    return this.seq
  }

  /** Numbers the event, remembers it and returns it. */
  append(body: JobEventBody): JobEvent {
    this.seq += 1
    const event = { ...body, seq: this.seq } as JobEvent
    this.ring.push(event)
    if (this.ring.length > this.capacity) this.ring.shift()
    return event
  }

  /**
   * Every event after `after`, in order, or null when the ring no longer holds all of them
   * (the caller then sends a snapshot) or when `after` is ahead of the log.
   */
  since(after: number): JobEvent[] | null {
    if (after > this.seq) return null
    if (after === this.seq) return []
    const oldest = this.ring[0]?.seq ?? this.seq + 1
    if (after + 1 < oldest) return null
    return this.ring.slice(after + 1 - oldest)
  }

  /** How many events the ring holds (for tests and metrics). */
  get size(): number {
    return this.ring.length
  }
}
