// Writes trace rows to the store off the hot path: rows are queued (a finish replaces its queued
// start), written every `intervalMs` per user in one call, one write in flight, and flushed on
// close. A `running` row waits until it is `holdRunningMs` old, so a short step's finish replaces it
// and the step costs one write, not two. A failed write is reported and dropped — telemetry never
// slows or fails a job.
// It does not build rows (trace-recorder.ts) or send them to viewers.
import type { Trace } from '#shared/types/trace'
import type { Store } from '../store/ports'

/** Rows waiting to be written, by trace id (a later push of the same id replaces the earlier). */
type QueuedTraces = Map<string, { userId: string; trace: Trace }>

export interface TraceWriterOptions {
  store: Pick<Store, 'writeTraces'>
  intervalMs: number
  /** Write every queued row at once when this many are queued (running ones too). Default 2000. */
  maxQueued?: number
  /** A `running` row is written once it is this old (its finish usually replaces it first). Default 1000. */
  holdRunningMs?: number
  onError?: (error: unknown) => void
}

export class TraceWriter {
  private queued: QueuedTraces = new Map()
  private timer: ReturnType<typeof setTimeout> | null = null
  private inFlight: Promise<void> | null = null

  constructor(private readonly options: TraceWriterOptions) {}

  /** Queues a row; never blocks and never throws. */
  push(userId: string, trace: Trace): void {
    this.queued.set(trace.id, { userId, trace })
    if (this.queued.size >= (this.options.maxQueued ?? 2000)) void this.flush()
    else if (this.timer === null) this.schedule()
  }

  /**
   * Writes what is queued (after a write in flight): every row, or with `holdRunning` (the timer's
   * flushes and a run's end, whose own rows are all finished by then) all but the `running` rows
   * younger than holdRunningMs, which wait for a later flush.
   */
  async flush(options: { holdRunning?: boolean } = {}): Promise<void> {
    const holding = options.holdRunning ?? false
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
    while (this.inFlight) await this.inFlight
    const batch = this.take(holding)
    if (batch.size > 0) {
      this.inFlight = this.write(batch).finally(() => { this.inFlight = null })
      await this.inFlight
    }
    if (this.queued.size > 0 && this.timer === null) this.schedule()
  }

  /** Final flush (shutdown). */
  close(): Promise<void> {
    return this.flush()
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.flush({ holdRunning: true }), this.options.intervalMs)
    this.timer.unref?.()
  }

  /** Removes the rows to write now from the queue. */
  private take(holding: boolean): QueuedTraces {
    if (!holding) {
      const all = this.queued
      this.queued = new Map()
      return all
    }
    const youngest = Date.now() - (this.options.holdRunningMs ?? 1000)
    const batch: QueuedTraces = new Map()
    for (const [id, entry] of this.queued) {
      if (entry.trace.outcome === 'running' && entry.trace.startedAt > youngest) continue
      batch.set(id, entry)
      this.queued.delete(id)
    }
    return batch
  }

  private async write(batch: QueuedTraces): Promise<void> {
    const byUser = new Map<string, Trace[]>()
    for (const { userId, trace } of batch.values()) {
      const rows = byUser.get(userId)
      if (rows) rows.push(trace)
      else byUser.set(userId, [trace])
    }
    for (const [userId, traces] of byUser) {
      try {
        await this.options.store.writeTraces(userId, traces)
      } catch (error) {
        this.options.onError?.(error)
      }
    }
  }
}
