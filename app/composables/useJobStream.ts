// The one place the browser talks SSE: follows one job's event stream and exposes its state reactively,
// text at most once per animation frame (a burst of deltas read in one task renders once, not once per
// delta). Event application lives in utils/apply-stream-event.ts; this file owns the EventSource,
// reconnects and closing. It does not fetch messages or know about threads (useThreadMessages does).
import { computed, getCurrentScope, onScopeDispose, shallowRef } from 'vue'
import { isTerminalStatus } from '#shared/types/job'
import { applyStreamEvent, createJobStreamState, parseJobEventData } from '../utils/apply-stream-event'
import type { JobStreamState } from '../utils/apply-stream-event'

/** Where the connection stands: `closed` means for good (job over, or the server stayed unreachable). */
export type JobStreamConnection = 'idle' | 'connecting' | 'open' | 'closed'

export interface UseJobStreamOptions {
  /** Called once when the stream closes for good (not on detach): the job ended or the server stayed unreachable. */
  onClose?: (state: JobStreamState) => void
  /** Attempts to re-open after EventSource gave up (HTTP error), with doubling delays. Default 5. */
  maxReconnectAttempts?: number
  /** Delay before the first such attempt, in ms. Default 1000. */
  reconnectDelayMs?: number
}

export interface AttachOptions {
  /** Resume after this seq (the server replays what follows it). Defaults to 0, or to the state held when re-attaching to the same job. */
  after?: number
}

/** The URL of a job's SSE stream, resuming after `after` when given. */
export function jobStreamUrl(jobId: string, after: number): string {
  const base = `/api/jobs/${encodeURIComponent(jobId)}/stream`
  return after > 0 ? `${base}?after=${after}` : base
}

/**
 * Reactive state of one job's live stream. Call `attach(jobId)` to follow a job and `detach()` to stop;
 * it detaches by itself when the calling scope is disposed.
 */
export function useJobStream(options: UseJobStreamOptions = {}) {
  const maxReconnectAttempts = options.maxReconnectAttempts ?? 5
  const reconnectDelayMs = options.reconnectDelayMs ?? 1000
  /** What the page renders: `current` as of the last published frame. */
  const state = shallowRef<JobStreamState>(createJobStreamState())
  /** Every event applied so far; deltas reach `state` on the next animation frame. */
  let current = state.value
  let frame: number | null = null
  const connection = shallowRef<JobStreamConnection>('idle')
  /** True once the current job's stream was open at least once (a later `connecting` is a reconnect). */
  const openedOnce = shallowRef(false)
  let source: EventSource | null = null
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null
  let failedAttempts = 0

  function release(): void {
    if (reconnectTimer) clearTimeout(reconnectTimer)
    reconnectTimer = null
    source?.close()
    source = null
  }

  /** Sets `current` (and `state` at once when `now`, or on the next frame). */
  function setCurrent(next: JobStreamState, now: boolean): void {
    current = next
    // A hidden tab runs no frames, and outside a browser there are none: publish at once there.
    const frames = typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible'
    if (!now && frames) {
      frame ??= requestAnimationFrame(publish)
      return
    }
    publish()
  }

  function publish(): void {
    if (frame !== null) cancelAnimationFrame(frame)
    frame = null
    state.value = current
  }

  function finish(): void {
    if (connection.value === 'closed') return
    release()
    connection.value = 'closed'
    options.onClose?.(current)
  }

  function isJobOver(): boolean {
    return current.status !== null && isTerminalStatus(current.status)
  }

  function onMessage(message: MessageEvent<string>): void {
    const event = parseJobEventData(message.data, message.lastEventId)
    if (!event) return
    // Text waits for the frame; anything else (status, tool calls, a snapshot) shows at once, with the text before it.
    setCurrent(applyStreamEvent(current, event), event.type !== 'delta')
    if (isJobOver()) finish()
  }

  function onError(): void {
    if (isJobOver()) return finish()
    if (source?.readyState !== EventSource.CLOSED) {
      connection.value = 'connecting'
      return
    }
    // EventSource gives up for good on HTTP errors; try again ourselves, resuming after what we hold.
    release()
    if (failedAttempts >= maxReconnectAttempts) return finish()
    const delay = reconnectDelayMs * 2 ** failedAttempts
    failedAttempts += 1
    connection.value = 'connecting'
    reconnectTimer = setTimeout(open, delay)
  }

  function open(): void {
    const jobId = current.jobId
    if (!jobId) return
    reconnectTimer = null
    connection.value = 'connecting'
    source = new EventSource(jobStreamUrl(jobId, current.lastSeq))
    source.onopen = () => {
      failedAttempts = 0
      openedOnce.value = true
      connection.value = 'open'
    }
    source.onmessage = onMessage
    source.onerror = onError
    source.addEventListener('end', finish)
  }

  /** Follows `jobId`, replacing any job followed before. Re-attaching to the same job keeps its state. */
  function attach(jobId: string, attachOptions: AttachOptions = {}): void {
    release()
    failedAttempts = 0
    if (current.jobId !== jobId) openedOnce.value = false
    const sameJob = current.jobId === jobId
    const after = attachOptions.after ?? (sameJob ? current.lastSeq : 0)
    setCurrent(sameJob && after === current.lastSeq ? current : createJobStreamState(jobId, after), true)
    open()
  }

  /** Stops following without calling onClose and forgets the state. */
  function detach(): void {
    release()
    connection.value = 'idle'
    openedOnce.value = false
    setCurrent(createJobStreamState(), true)
  }

  if (getCurrentScope()) onScopeDispose(detach)

  return {
    state: computed(() => state.value),
    connection: computed(() => connection.value),
    /** The stream was open and is trying to come back (network drop, server restart). */
    reconnecting: computed(() => openedOnce.value && connection.value === 'connecting'),
    jobId: computed(() => state.value.jobId),
    messageId: computed(() => state.value.messageId),
    status: computed(() => state.value.status),
    content: computed(() => state.value.content),
    toolCalls: computed(() => state.value.toolCalls),
    usage: computed(() => state.value.usage),
    error: computed(() => state.value.error),
    isDemo: computed(() => state.value.isDemo),
    model: computed(() => state.value.model),
    lastSeq: computed(() => state.value.lastSeq),
    attach,
    detach,
  }
}

export type JobStream = ReturnType<typeof useJobStream>
