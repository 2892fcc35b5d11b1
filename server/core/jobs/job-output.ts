// Everything a running job on this instance writes, in one place: text to its live job (coalesced for
// viewers) and, batched, to the store; tool-call states, usage and round metadata; checkpoints (text
// flushed first, saves coalesced). Every store write is fenced by this instance's lease, so a process
// that lost the job writes nothing (the store throws LeaseLostError). It decides nothing about kinds.
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

  constructor(private readonly options: JobOutputOptions) {
    const { store, job, fence, live } = options
    this.writer = new BatchedContentWriter({
      ...options.storeFlush,
      write: batch => store.appendJobContent(job.userId, job.id, batch, fence),
    })
    // The store gets the logged delta events, so its (content, lastSeq) always matches the log.
    this.unsubscribe = live.subscribe((event) => {
      if (event.type === 'delta') this.writer.push(event.text, event.seq)
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

  /** A tool call's new state: shown live, then stored (awaited). */
  async toolCall(state: ToolCallState): Promise<void> {
    this.toolCalls.set(state.id, state)
    this.options.live.emit({ type: 'tool_call', toolCall: state })
    await this.options.store.appendToolCall(this.options.job.userId, this.options.job.id, state, this.options.fence)
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
  }

  /**
   * Calls still pending or running when the job ends (stopped, failed): they will never finish, so they
   * are shown and stored as errors with `reason`. Not used for pauses — a resumed job runs them again.
   */
  async settleUnfinishedToolCalls(reason: string): Promise<void> {
    for (const call of this.toolCalls.values()) {
      if (call.status === 'pending' || call.status === 'running') {
        await this.toolCall({ ...call, status: 'error', error: reason, finishedAt: Date.now() })
      }
    }
  }

  dispose(): void {
    this.unsubscribe()
    this.writer.dispose()
  }
}
