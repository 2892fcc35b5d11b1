// The pure reducer behind useJobStream: folds one SSE job event into the viewer's state, strictly by seq
// (what each event means is shared/utils/apply-job-event's foldJobEvent; this adds the seq rules).
// It does not open connections, parse SSE frames or decide when to close; useJobStream does that.
import type { JobStatus } from '#shared/types/job'
import type { JobEvent } from '#shared/types/job-event'
import type { ToolCallState } from '#shared/types/tool-call'
import type { Usage } from '#shared/types/usage'
import { foldJobEvent } from '#shared/utils/apply-job-event'
import type { WorkflowState } from '#shared/types/workflow'

/** What a viewer knows about one job, rebuilt from its event stream. */
export interface JobStreamState {
  jobId: string | null
  /** The assistant message the job writes (known once a snapshot arrived). */
  messageId: string | null
  /** Null until the first status or snapshot event. */
  status: JobStatus | null
  content: string
  toolCalls: ToolCallState[]
  /** The job's usage so far, as the latest `usage` event or snapshot reported it. */
  usage: Usage | null
  error: string | null
  isDemo: boolean
  model: string | null
  /** The seq of the newest event applied (0 before the first). */
  lastSeq: number
  /** A workflow run's phases, nodes and logs (workflow jobs only). */
  workflow?: WorkflowState
}

/** An empty state for `jobId`, optionally resuming after a seq the caller already holds. */
export function createJobStreamState(jobId: string | null = null, lastSeq = 0): JobStreamState {
  return {
    jobId,
    messageId: null,
    status: null,
    content: '',
    toolCalls: [],
    usage: null,
    error: null,
    isDemo: false,
    model: null,
    lastSeq,
  }
}

/**
 * Applies one event and returns the next state (the same object when the event is ignored).
 * Events with a seq at or below `lastSeq` were already applied and are ignored, except a snapshot:
 * it covers everything up to its seq and always replaces the state (and the cursor).
 */
export function applyStreamEvent(state: JobStreamState, event: JobEvent): JobStreamState {
  if (event.type === 'snapshot') {
    // A snapshot is the whole state and resets the cursor, even to a lower seq: the server sends one
    // when it cannot trust the client's cursor (another instance's numbering, a resumed job).
    const { job } = event
    return {
      jobId: job.id,
      messageId: job.messageId,
      status: job.status,
      content: job.content,
      toolCalls: job.toolCalls,
      usage: job.usage,
      error: job.error,
      isDemo: job.isDemo,
      model: job.model,
      lastSeq: event.seq,
      ...(job.workflow ? { workflow: job.workflow } : {}),
    }
  }
  if (event.seq <= state.lastSeq) return state
  const { seq, ...body } = event
  return foldJobEvent({ ...state, lastSeq: seq }, body)
}

/**
 * Reads the `data` of one SSE frame as a job event, or null when it is not one (bad JSON, no type,
 * no numeric seq). `fallbackSeq` is the frame's `id:` line, used when the JSON lacks a seq.
 */
export function parseJobEventData(data: string, fallbackSeq?: string): JobEvent | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  }
  catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null || !('type' in parsed)) return null
  const record = parsed as Record<string, unknown>
  const seq = typeof record.seq === 'number' ? record.seq : Number(fallbackSeq)
  if (typeof record.type !== 'string' || !Number.isInteger(seq) || seq < 0) return null
  return { ...record, seq } as JobEvent
}
