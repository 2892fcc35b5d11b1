// Writes trace rows to the store off the hot path: rows are queued (a finish replaces its queued
// start), written every `intervalMs` per user in one call, one write in flight, and flushed on
// close. A failed write is reported and dropped — telemetry never slows or fails a job.
// It does not build rows (trace-recorder.ts) or send them to viewers.
import type { Trace } from '#shared/types/trace'
import type { Store } from '../store/ports'

export interface TraceWriterOptions {
  store: Pick<Store, 'writeTraces'>
  intervalMs: number
  /** Write at once when this many rows are queued. */
  maxQueued?: number
  onError?: (error: unknown) => void
}

export class TraceWriter {
  private queued = new Map<string, { userId: string; trace: Trace }>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private inFlight: Promise<void> | null = null

  constructor(private readonly options: TraceWriterOptions) {}

  /** Queues a row; never blocks and never throws. */
  push(userId: string, trace: Trace): void {
    this.queued.set(trace.id, { userId, trace })
    if (this.queued.size >= (this.options.maxQueued ?? 500)) void this.flush()
    else if (this.timer === null) {
      this.timer = setTimeout(() => void this.flush(), this.options.intervalMs)
      this.timer.unref?.()
    }
  }

  /** Writes everything queued (after a write in flight). */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
    while (this.inFlight) await this.inFlight
    if (this.queued.size === 0) return
    const batch = this.queued
    this.queued = new Map()
    this.inFlight = this.write(batch).finally(() => { this.inFlight = null })
    await this.inFlight
    if (this.queued.size > 0 && this.timer === null) void this.flush()
  }

  /** Final flush (shutdown). */
  close(): Promise<void> {
    return this.flush()
  }

  private async write(batch: Map<string, { userId: string; trace: Trace }>): Promise<void> {
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
