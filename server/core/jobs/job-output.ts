// Everything a running job on this instance writes, in one place: text to its live job (coalesced for
// viewers) and, batched, to the store; tool-call states (a round's pending calls in one write), usage
// and round metadata; checkpoints (text flushed first, saves coalesced). Text and tool calls reach the
// store in the order of their seqs, which progress readers rely on. Every store write is fenced by this
// instance's lease, so a process that lost the job writes nothing (the store throws LeaseLostError).
// It decides nothing about kinds.
import type { Job, JobCheckpoint } from '#shared/types/job'
import type { ToolCallState } from '#shared/types/tool-call'
import type { Trace } from '#shared/types/trace'
import type { Usage } from '#shared/types/usage'
import type { JobMetadataPatch, LeaseFence, Store } from '../store/ports'
import { CheckpointSaver } from './durability/checkpoint-saver'
import { BatchedContentWriter } from './durability/content-writer'
import type { LiveJob } from './events/live-job'

export interface JobOutputOptions {
  store: Store
  live: LiveJob
  job: Job
  fence: LeaseFence
  storeFlush: { intervalMs: number; maxChunks: number; maxBytes: number }
}

export class JobOutput {
  private readonly writer: BatchedContentWriter
  private readonly saver: CheckpointSaver
  private readonly unsubscribe: () => void
  private readonly toolCalls = new Map<string, ToolCallState>()
  /** Logged tool_call events not stored yet, by call id, and the seq of the newest. */
  private readonly unsavedCalls = new Map<string, ToolCallState>()
  private unsavedSeq = 0
  /** Tool-call writes, one at a time, in order. */
  private toolCallWrites: Promise<void> = Promise.resolve()

  constructor(private readonly options: JobOutputOptions) {
    const { store, job, fence, live } = options
    this.writer = new BatchedContentWriter({
      ...options.storeFlush,
      write: batch => store.appendJobContent(job.userId, job.id, batch, fence),
    })
    // The store gets the logged delta and tool_call events, so what it holds always matches the log.
    this.unsubscribe = live.subscribe((event) => {
      if (event.type === 'delta') this.writer.push(event.text, event.seq)
      if (event.type === 'tool_call') {
        this.unsavedCalls.set(event.toolCall.id, event.toolCall)
        this.unsavedSeq = event.seq
      }
    })
    this.saver = new CheckpointSaver(checkpoint => store.saveCheckpoint(job.userId, job.id, checkpoint, fence))
    for (const call of job.toolCalls) this.toolCalls.set(call.id, call)
  }

  get job(): Job {
    return this.options.job
  }

  /** Answer text received from the model now. */
  text(text: string): void {
    this.options.live.pushDelta(text, Date.now())
  }

  /**
   * A tool call's new state: shown live, then stored (awaited). A `pending` state is stored with the
   * next write, so a round's pending calls (shown one by one) take one store write, made before any
   * of them runs.
   */
  async toolCall(state: ToolCallState): Promise<void> {
    this.showToolCall(state)
    if (state.status !== 'pending') await this.saveToolCalls()
  }

  private showToolCall(state: ToolCallState): void {
    this.toolCalls.set(state.id, state)
    this.options.live.emit({ type: 'tool_call', toolCall: state })
  }

  /** Stores every logged, unsaved call state in one write, after the text logged before them. */
  private saveToolCalls(): Promise<void> {
    const write = this.toolCallWrites.then(async () => {
      await this.writer.flushInOrder()
      if (this.unsavedCalls.size === 0) return
      const upsert = { toolCalls: [...this.unsavedCalls.values()], seq: this.unsavedSeq }
      this.unsavedCalls.clear()
      try {
        await this.options.store.upsertToolCalls(this.options.job.userId, this.options.job.id, upsert, this.options.fence)
      }
      catch (error) {
        // Keep them for the next write, newer states of the same calls winning.
        for (const call of upsert.toolCalls) if (!this.unsavedCalls.has(call.id)) this.unsavedCalls.set(call.id, call)
        this.unsavedSeq = Math.max(this.unsavedSeq, upsert.seq)
        throw error
      }
    })
    this.toolCallWrites = write.catch(() => {})
    return write
  }

  /** A trace row, shown live to viewers (storing it is the TraceWriter's). */
  trace(trace: Trace): void {
    this.options.live.emit({ type: 'trace', trace })
  }

  usage(total: Usage): void {
    this.options.live.emit({ type: 'usage', usage: total })
  }

  metadata(patch: JobMetadataPatch): Promise<void> {
    return this.options.store.updateJobMetadata(this.options.job.userId, this.options.job.id, patch, this.options.fence)
  }

  /** Persists a turn boundary; the text it counts is stored first, so a resume never duplicates or loses any. */
  async checkpoint(checkpoint: JobCheckpoint): Promise<void> {
    await this.flushText()
    await this.saveToolCalls()
    await this.saver.save(checkpoint)
  }

  /** Pending text out to viewers and the store. */
  async flushText(): Promise<void> {
    this.options.live.flushPending()
    await this.writer.flush()
  }

  /** Final flush; throws when text could not be stored. */
  async close(): Promise<void> {
    await this.flushText()
    await this.writer.close()
    await this.saveToolCalls()
  }

  /**
   * Calls still pending or running when the job ends (stopped, failed): they will never finish, so they
   * are shown and stored as errors with `reason`. Not used for pauses — a resumed job runs them again.
   */
  async settleUnfinishedToolCalls(reason: string): Promise<void> {
    for (const call of [...this.toolCalls.values()]) {
      if (call.status === 'pending' || call.status === 'running') {
        this.showToolCall({ ...call, status: 'error', error: reason, finishedAt: Date.now() })
      }
    }
    await this.saveToolCalls()
  }

  dispose(): void {
    this.unsubscribe()
    this.writer.dispose()
  }
}
