// Coalesces text deltas before they reach the event log and viewers, in one of three modes: `adaptive`
// (the end of each event-loop turn with new text asks fanout-policy.ts "now or when?"), `fixed` (10
// deltas or 100 ms after the last broadcast) or `off` (every delta at once). Any other event flushes
// pending text first, so order holds. It does not number, store or send events; `emit` does.
import type { JobEventBody } from '#shared/types/job-event'
import { decideFanout, defaultFanoutPolicy, type FanoutPolicyParams } from './fanout-policy'

export const FANOUT_MODES = ['adaptive', 'fixed', 'off'] as const
export type FanoutMode = typeof FANOUT_MODES[number]

/** Who the next broadcast goes to and what the last one cost (the live job measures it). */
export interface FanoutAudience {
  viewers: number
  backedUp: number
  lastBroadcastCostMs: number
}

export interface FanoutBatcherOptions {
  mode: FanoutMode
  /** fixed: flush at this many pending deltas ... */
  maxPending: number
  /** ... or this long after the last broadcast. */
  intervalMs: number
  /** adaptive: the policy's knobs (default: defaultFanoutPolicy). */
  policy?: FanoutPolicyParams
  /** adaptive: asked at the end of a turn with pending text (default: no viewers). */
  audience?: () => FanoutAudience
  emit: (body: JobEventBody) => void
  /** A monotonic clock in ms for the schedule (default performance.now). */
  now?: () => number
}

const noAudience = (): FanoutAudience => ({ viewers: 0, backedUp: 0, lastBroadcastCostMs: 0 })

export class FanoutBatcher {
  private pendingText = ''
  private pendingCount = 0
  /** Epoch ms the server received the first pending token (the delta's `at`). */
  private pendingAt = 0
  /** The same moment on the schedule's clock. */
  private pendingSince = 0
  private lastBroadcastAt = Number.NEGATIVE_INFINITY
  private timer: ReturnType<typeof setTimeout> | null = null
  private turnEnd: ReturnType<typeof setImmediate> | null = null
  private readonly now: () => number

  constructor(private readonly options: FanoutBatcherOptions) {
    this.now = options.now ?? (() => performance.now())
  }

  /** Text from the model; `at` is when the server received it (epoch ms). */
  pushDelta(text: string, at: number = Date.now()): void {
    if (text === '') return
    if (this.pendingCount === 0) {
      this.pendingAt = at
      this.pendingSince = this.now()
    }
    this.pendingText += text
    this.pendingCount += 1
    if (this.options.mode === 'off') this.flush()
    else if (this.options.mode === 'fixed') this.scheduleFixed()
    // Adaptive: decide once the turn's input is in, so what arrives together goes out together.
    else if (this.timer === null && this.turnEnd === null) this.turnEnd = setImmediate(() => this.decide())
  }

  /** A non-delta event: pending text goes out first. */
  pushEvent(body: JobEventBody): void {
    this.flush()
    this.lastBroadcastAt = this.now()
    this.options.emit(body)
  }

  /** Emits pending text now, if any. */
  flush(): void {
    this.clearSchedule()
    if (this.pendingCount === 0) return
    const body: JobEventBody = { type: 'delta', text: this.pendingText, at: this.pendingAt }
    this.pendingText = ''
    this.pendingCount = 0
    this.lastBroadcastAt = this.now()
    this.options.emit(body)
  }

  /** True while text waits (for tests). */
  get hasPending(): boolean {
    return this.pendingCount > 0
  }

  /** Drops the schedule without emitting; used when the job's live state is released. */
  dispose(): void {
    this.clearSchedule()
    this.pendingText = ''
    this.pendingCount = 0
  }

  private scheduleFixed(): void {
    if (this.pendingCount >= this.options.maxPending) {
      this.flush()
      return
    }
    if (this.timer === null) {
      const wait = Math.max(0, this.options.intervalMs - (this.now() - this.lastBroadcastAt))
      this.timer = setTimeout(() => this.flush(), wait)
    }
  }

  private decide(): void {
    this.turnEnd = null
    const audience = (this.options.audience ?? noAudience)()
    const now = this.now()
    const decision = decideFanout({
      now,
      pendingChars: this.pendingText.length,
      firstPendingAt: this.pendingSince,
      lastBroadcastEndAt: this.lastBroadcastAt + audience.lastBroadcastCostMs,
      ...audience,
    }, this.options.policy ?? defaultFanoutPolicy)
    if (decision.send === 'now') this.flush()
    else this.timer = setTimeout(() => this.flush(), decision.at - now)
  }

  private clearSchedule(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.turnEnd !== null) {
      clearImmediate(this.turnEnd)
      this.turnEnd = null
    }
  }
}
