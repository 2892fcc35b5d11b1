// Saves a job's turn-boundary checkpoint, coalescing rapid consecutive saves: while one write is in
// flight, later saves wait and only the newest checkpoint is written next. Every caller's promise
// resolves once a checkpoint at least as new as its own is stored; every write is counted in the
// checkpoint metrics. It decides nothing about content.
import type { JobCheckpoint } from '#shared/types/job'
import { countCheckpointWrite } from '../../observability/checkpoint-metrics'

export class CheckpointSaver {
  private latest: JobCheckpoint | null = null
  private inFlight: Promise<void> | null = null
  private next: Promise<void> | null = null
  /** Store writes made (for tests). */
  writes = 0

  constructor(private readonly write: (checkpoint: JobCheckpoint) => Promise<void>) {}

  /** Stores `checkpoint` (or a newer one saved meanwhile). */
  save(checkpoint: JobCheckpoint): Promise<void> {
    this.latest = checkpoint
    this.next ??= this.writeAfterCurrent()
    return this.next
  }

  private async writeAfterCurrent(): Promise<void> {
    await Promise.resolve()
    if (this.inFlight) await this.inFlight.catch(() => undefined)
    // From here on, a new save schedules the write after this one.
    this.next = null
    this.writes += 1
    const checkpoint = this.latest as JobCheckpoint
    countCheckpointWrite(checkpoint)
    const write = this.write(checkpoint)
    this.inFlight = write
    try {
      await write
    } finally {
      if (this.inFlight === write) this.inFlight = null
    }
  }
}
