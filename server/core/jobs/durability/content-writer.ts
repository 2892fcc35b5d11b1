// Batched writes of streamed text to the store: a write every `intervalMs`, every `maxChunks` chunks or
// every `maxBytes` bytes, whichever comes first, one write in flight at a time, and a final flush on
// close(). It is fed the job's logged delta events, so the stored (content, lastSeq) pair always matches
// the event log exactly. It does not talk to viewers; a failed write is retried with the next batch,
// and before a write that must follow the text in seq order (flushInOrder), a few times at once.
/** Waits before flushInOrder's retries of a failed write. */
const IN_ORDER_RETRY_DELAYS_MS = [50, 250]

export interface ContentWriterOptions {
  intervalMs: number
  maxChunks: number
  maxBytes: number
  /** Persists one batch: the text, how many chunks it holds, and the seq of its last delta event. */
  write: (batch: { text: string; chunks: number; lastSeq: number }) => Promise<void>
}

export class BatchedContentWriter {
  private pendingText = ''
  private pendingChunks = 0
  private pendingBytes = 0
  private pendingLastSeq = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private inFlight: Promise<void> | null = null
  private failure: unknown = null
  /** How many store writes were made (for tests and benchmarks). */
  writes = 0

  constructor(private readonly options: ContentWriterOptions) {}

  /** Queues the text of one delta event with its seq. */
  push(text: string, seq: number): void {
    if (text === '') return
    this.pendingLastSeq = Math.max(this.pendingLastSeq, seq)
    this.pendingText += text
    this.pendingChunks += 1
    this.pendingBytes += Buffer.byteLength(text)
    if (this.pendingChunks >= this.options.maxChunks || this.pendingBytes >= this.options.maxBytes) {
      void this.flush()
    } else if (this.timer === null) {
      this.timer = setTimeout(() => void this.flush(), this.options.intervalMs)
    }
  }

  /** Writes what is pending, after the write in flight; resolves when everything pushed so far is stored. */
  async flush(): Promise<void> {
    this.clearTimer()
    while (this.inFlight) await this.inFlight
    if (this.pendingChunks === 0) return
    const batch = { text: this.pendingText, chunks: this.pendingChunks, lastSeq: this.pendingLastSeq }
    this.pendingText = ''
    this.pendingChunks = 0
    this.pendingBytes = 0
    this.writes += 1
    this.inFlight = this.options.write(batch).then(() => {
      this.failure = null
    }, (error: unknown) => {
      // Keep the text: it goes out again, in order, with the next batch.
      this.failure = error
      this.pendingText = batch.text + this.pendingText
      this.pendingChunks += batch.chunks
      this.pendingBytes += Buffer.byteLength(batch.text)
    }).finally(() => {
      this.inFlight = null
    })
    await this.inFlight
  }

  /**
   * Stores everything pushed so far before a write that must come after it in seq order (tool calls,
   * a checkpoint): a failed write is retried after short waits, then its error is thrown, so the later
   * write is never stored ahead of this text (a progress reader past its seq would never read it).
   */
  async flushInOrder(): Promise<void> {
    await this.flush()
    for (const delayMs of IN_ORDER_RETRY_DELAYS_MS) {
      if (!this.failure) return
      await new Promise(resolve => setTimeout(resolve, delayMs))
      await this.flush()
    }
    if (this.failure) throw this.failure
  }

  /** Final flush; throws the first write failure so the job can end in `error` instead of losing text. */
  async close(): Promise<void> {
    await this.flush()
    if (this.failure) await this.flush()
    if (this.failure) throw this.failure
  }

  /** Releases the timer without writing (every exit path calls this in `finally`). */
  dispose(): void {
    this.clearTimer()
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
  }
}
