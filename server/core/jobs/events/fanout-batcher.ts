// Coalesces text deltas before they reach the event log and viewers: flush when `maxPending` deltas
// wait or `intervalMs` has passed since the last broadcast; any other event flushes pending text first,
// so order holds. It does not number, store or send events; `emit` does.
import type { JobEventBody } from '#shared/types/job-event'

export interface FanoutBatcherOptions {
  /** Off: every delta is emitted at once (for benchmarks that show what batching buys). */
  enabled: boolean
  maxPending: number
  intervalMs: number
  emit: (body: JobEventBody) => void
  now?: () => number
}

export class FanoutBatcher {
  private pendingText = ''
  private pendingCount = 0
  private pendingAt = 0
  private lastBroadcastAt = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly now: () => number

  constructor(private readonly options: FanoutBatcherOptions) {
    this.now = options.now ?? Date.now
  }

  /** Text from the model; `at` is when the server received it. */
  pushDelta(text: string, at: number = this.now()): void {
    if (text === '') return
    if (this.pendingCount === 0) this.pendingAt = at
    this.pendingText += text
    this.pendingCount += 1
    if (!this.options.enabled || this.pendingCount >= this.options.maxPending) {
      this.flush()
      return
    }
    if (this.timer === null) {
      const wait = Math.max(0, this.options.intervalMs - (this.now() - this.lastBroadcastAt))
      this.timer = setTimeout(() => this.flush(), wait)
    }
  }

  /** A non-delta event: pending text goes out first. */
  pushEvent(body: JobEventBody): void {
    this.flush()
    this.options.emit(body)
    this.lastBroadcastAt = this.now()
  }

  /** Emits pending text now, if any. */
  flush(): void {
    this.clearTimer()
    if (this.pendingCount === 0) return
    const body: JobEventBody = { type: 'delta', text: this.pendingText, at: this.pendingAt }
    this.pendingText = ''
    this.pendingCount = 0
    this.options.emit(body)
    this.lastBroadcastAt = this.now()
  }

  /** True while text waits (for tests). */
  get hasPending(): boolean {
    return this.pendingCount > 0
  }

  /** Drops the timer without emitting; used when the job's live state is released. */
  dispose(): void {
    this.clearTimer()
    this.pendingText = ''
    this.pendingCount = 0
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
  }
}
