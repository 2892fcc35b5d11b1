// One SSE connection watching a job: writes frames with backpressure and a bounded queue. A viewer
// that cannot keep up (queue full, or socket full for `stallMs`) is dropped (it re-attaches and gets a
// snapshot). It does not choose what to send.
/** A frame as text, or already encoded (one Buffer shared by every viewer of a broadcast). */
export type SseFrame = string | Uint8Array

export interface SseSink {
  write(chunk: SseFrame): boolean
  end(): void
  destroy(): void
  on(event: 'drain' | 'close', listener: () => void): unknown
  off(event: 'drain' | 'close', listener: () => void): unknown
}

export class Viewer {
  private readonly queue: SseFrame[] = []
  private waitingForDrain = false
  private endAfterDrain = false
  private closed = false
  private stallTimer: ReturnType<typeof setTimeout> | undefined
  /** Frames written or queued (for tests and benchmarks). */
  framesSent = 0

  constructor(
    private readonly sink: SseSink,
    private readonly maxQueue: number,
    private readonly onClose: (viewer: Viewer) => void,
    private readonly stallMs?: number,
  ) {
    sink.on('close', this.handleClose)
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** The socket is full: frames queue here until it drains (the fan-out policy widens its batches). */
  get isBackedUp(): boolean {
    return this.waitingForDrain
  }

  /** Writes the frame, or queues it while the socket is full; drops the viewer past `maxQueue`. */
  send(frame: SseFrame): void {
    if (this.closed || this.endAfterDrain) return
    this.framesSent += 1
    if (this.waitingForDrain) {
      this.queue.push(frame)
      if (this.queue.length > this.maxQueue) this.drop()
      return
    }
    if (!this.sink.write(frame)) this.waitForDrain()
  }

  /** Ends the response once queued frames are out. */
  end(): void {
    if (this.closed) return
    if (this.waitingForDrain) {
      this.endAfterDrain = true
      return
    }
    this.sink.end()
    this.handleClose()
  }

  /** Cuts a slow viewer off; its client reconnects with Last-Event-ID. */
  drop(): void {
    if (this.closed) return
    this.queue.length = 0
    this.sink.destroy()
    this.handleClose()
  }

  private waitForDrain(): void {
    this.waitingForDrain = true
    this.sink.on('drain', this.handleDrain)
    // A reader that stopped reading holds the socket full: cut it off after a bounded time.
    if (this.stallMs !== undefined) this.stallTimer = setTimeout(() => this.drop(), this.stallMs)
  }

  private readonly handleDrain = (): void => {
    this.sink.off('drain', this.handleDrain)
    clearTimeout(this.stallTimer)
    this.waitingForDrain = false
    while (this.queue.length > 0 && !this.closed) {
      const frame = this.queue.shift() as SseFrame
      if (!this.sink.write(frame)) {
        this.waitForDrain()
        return
      }
    }
    if (this.endAfterDrain) {
      this.endAfterDrain = false
      this.end()
    }
  }

  private readonly handleClose = (): void => {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.stallTimer)
    this.queue.length = 0
    this.sink.off('close', this.handleClose)
    this.sink.off('drain', this.handleDrain)
    this.onClose(this)
  }
}
