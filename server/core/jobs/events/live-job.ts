// The in-memory state of one job this process runs or serves: its event log, fan-out batching (and what
// each broadcast cost, which the adaptive policy reads), the current snapshot and the viewers attached.
// It does not talk to the store or the model.
import type { Job, JobSnapshot } from '#shared/types/job'
import { workflowStateOfJob } from '#shared/types/workflow'
import { isTerminalStatus } from '#shared/types/job'
import type { JobEvent, JobEventBody } from '#shared/types/job-event'
import { applyJobEvent } from '#shared/utils/apply-job-event'
import { JobEventLog } from './event-log'
import { FanoutBatcher, type FanoutMode } from './fanout-batcher'
import { defaultFanoutPolicy } from './fanout-policy'
import { END_FRAME, formatEventFrame, RETRY_FRAME } from '../sse/sse-frames'
import { Viewer, type SseSink } from '../sse/viewer'

export interface LiveJobOptions {
  replayBufferSize: number
  viewerQueueSize: number
  /** A replay larger than this is replaced by a snapshot (one connection cannot pull the whole log). Default: no cap. */
  maxReplayBytes?: number
  /** A viewer whose socket stays full this long is dropped. Default: only the queue size bounds it. */
  viewerStallMs?: number
  /** adaptive (fanout-policy.ts), fixed (max pending deltas / interval) or off. */
  fanoutMode: FanoutMode
  fanoutMaxPendingDeltas: number
  fanoutIntervalMs: number
  /** adaptive: the longest any text waits. Default: the policy's. */
  fanoutMaxWindowMs?: number
  /** adaptive: the gap after a broadcast as a multiple of its cost. Default: the policy's. */
  fanoutCostFactor?: number
  /** Called when the last viewer leaves a finished job, so the registry can release it. */
  onIdle: (live: LiveJob) => void
  /** The seq the log starts after (default: the job's stored lastSeq). */
  startSeq?: number
  /** The lowest seq the next event may get (a follower keeps its numbering above the owner's). */
  seqFloor?: () => number
}

/** Picks the fields of a stored job that a viewer renders. */
export function snapshotOf(job: Job): JobSnapshot {
  const { id, threadId, messageId, parentJobId, kind, title, status, model, isDemo, content, toolCalls, usage, error, startedAt, finishedAt } = job
  const workflow = workflowStateOfJob(job)
  return { id, threadId, messageId, parentJobId, kind, title, status, model, isDemo, content, toolCalls, usage, error, startedAt, finishedAt, ...(workflow ? { workflow } : {}) }
}

export class LiveJob {
  readonly jobId: string
  readonly userId: string
  readonly log: JobEventLog
  /** True when this process only follows the job (another instance runs it). */
  readonly isFollower: boolean
  readonly viewers = new Set<Viewer>()
  private readonly listeners = new Set<(event: JobEvent) => void>()
  private state: JobSnapshot
  private readonly batcher: FanoutBatcher
  private disposed = false
  /** CPU ms the last broadcast took to write its frame to every viewer (socket writes included). */
  private lastBroadcastCostMs = 0
  private backedUp = 0
  private measuring = false

  constructor(job: Job, private readonly options: LiveJobOptions) {
    this.jobId = job.id
    this.userId = job.userId
    this.isFollower = options.seqFloor !== undefined
    this.state = snapshotOf(job)
    this.log = new JobEventLog(options.replayBufferSize, options.startSeq ?? job.lastSeq)
    this.batcher = new FanoutBatcher({
      mode: options.fanoutMode,
      maxPending: options.fanoutMaxPendingDeltas,
      intervalMs: options.fanoutIntervalMs,
      policy: {
        ...defaultFanoutPolicy,
        ...(options.fanoutMaxWindowMs === undefined ? {} : { maxWindowMs: options.fanoutMaxWindowMs }),
        ...(options.fanoutCostFactor === undefined ? {} : { costFactor: options.fanoutCostFactor }),
      },
      audience: () => ({ viewers: this.viewers.size, backedUp: this.backedUp, lastBroadcastCostMs: this.lastBroadcastCostMs }),
      emit: body => this.record(body),
    })
  }

  /** The state as of the newest logged event (pending, unbatched text excluded). */
  get snapshot(): JobSnapshot {
    return this.state
  }

  get isTerminal(): boolean {
    return isTerminalStatus(this.state.status)
  }

  /** Text received from the model at `at`; reaches viewers in batches. */
  pushDelta(text: string, at?: number): void {
    if (!this.disposed) this.batcher.pushDelta(text, at)
  }

  /** Any other event; pending text goes out first. */
  emit(body: JobEventBody): void {
    if (!this.disposed) this.batcher.pushEvent(body)
  }

  /** Replaces every viewer's state with `snapshot` (a resumed job rewound its partial round). */
  replaceState(snapshot: JobSnapshot): void {
    this.emit({ type: 'snapshot', job: snapshot })
  }

  /** Emits pending text now and returns the seq the next event will get. */
  flushPending(): number {
    this.batcher.flush()
    return this.log.lastSeq + 1
  }

  /**
   * Attaches an SSE connection. Pending text goes out first, so a re-join's first token waits for no
   * batch window. With `after`, replays the events after it or, when the log no longer holds them,
   * sends a snapshot; without, sends a snapshot. Then streams live; ends after a terminal status.
   */
  attach(sink: SseSink, after: number | undefined): Viewer {
    this.batcher.flush()
    const viewer = new Viewer(sink, this.options.viewerQueueSize, closed => this.detach(closed), this.options.viewerStallMs)
    viewer.send(RETRY_FRAME)
    const replay = after === undefined ? null : this.log.since(after)
    // One write for the whole replay: a long replay must not overflow the viewer's frame queue.
    const replayed = replay ? replay.map(formatEventFrame).join('') : ''
    if (replay && Buffer.byteLength(replayed) <= (this.options.maxReplayBytes ?? Number.POSITIVE_INFINITY)) {
      if (replayed) viewer.send(replayed)
    } else {
      viewer.send(formatEventFrame({ type: 'snapshot', job: this.state, seq: this.log.lastSeq }))
    }
    if (this.isTerminal) {
      viewer.send(END_FRAME)
      viewer.end()
      return viewer
    }
    this.viewers.add(viewer)
    return viewer
  }

  /** Calls `listener` with every logged event (in-process consumers such as the store writer). */
  subscribe(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Drops timers and viewers; the registry calls this when the job is finished and unwatched. */
  dispose(): void {
    this.disposed = true
    this.listeners.clear()
    this.batcher.dispose()
    for (const viewer of this.viewers) viewer.end()
    this.viewers.clear()
  }

  private record(body: JobEventBody): void {
    const event = this.log.append(body, this.options.seqFloor?.() ?? 0)
    this.state = applyJobEvent(this.state, body)
    for (const listener of this.listeners) listener(event)
    const terminal = this.isTerminal
    // Formatted only when someone watches: most events of unwatched jobs are never sent.
    // Encoded once: a socket written a shared Buffer skips its own string encoding (a third of the cost).
    if (this.viewers.size > 0) this.broadcast(Buffer.from(formatEventFrame(event)), terminal)
    if (terminal && this.viewers.size === 0) this.options.onIdle(this)
  }

  /** Writes `frame` to every viewer and measures the CPU that cost (for the adaptive fan-out policy). */
  private broadcast(frame: Buffer, terminal: boolean): void {
    const startedAt = process.cpuUsage()
    let backedUp = 0
    for (const viewer of this.viewers) {
      viewer.send(frame)
      if (viewer.isBackedUp) backedUp += 1
      if (terminal) {
        viewer.send(END_FRAME)
        viewer.end()
      }
    }
    this.backedUp = backedUp
    if (this.measuring) return
    // Node corks a response's socket and writes it out on the next tick: the cost ends after those ticks.
    // CPU time, not wall time, so a machine busy with other processes does not look like costly fan-out.
    this.measuring = true
    process.nextTick(() => {
      this.measuring = false
      const spent = process.cpuUsage(startedAt)
      this.lastBroadcastCostMs = (spent.user + spent.system) / 1000
    })
  }

  private detach(viewer: Viewer): void {
    this.viewers.delete(viewer)
    if (this.viewers.size === 0 && this.isTerminal) this.options.onIdle(this)
  }
}
