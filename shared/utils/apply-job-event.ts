// Folds one job event into a job snapshot: the single rule for what an event means, used by the
// server's live state and by the browser. It knows nothing of seq ordering; callers skip old events.
import type { JobSnapshot, JobStatus } from '../types/job'
import type { JobEventBody } from '../types/job-event'
import type { ToolCallState } from '../types/tool-call'
import type { Usage } from '../types/usage'
import { upsertWorkflowNode, type WorkflowState } from '../types/workflow'

/** The part of any job state (server snapshot, browser view) that incremental events change. */
export interface JobEventFoldable {
  content: string
  toolCalls: ToolCallState[]
  usage: Usage | null
  status: JobStatus | null
  error: string | null
  /** A workflow run's state (workflow jobs only). */
  workflow?: WorkflowState
}

const emptyWorkflow = (): WorkflowState => ({ name: '', phases: [], nodes: [], logs: [] })

/** An event that changes a state step by step (everything but a snapshot, which replaces it). */
export type IncrementalJobEvent = Exclude<JobEventBody, { type: 'snapshot' }>

/** Returns `state` after an incremental event (a new object; unchanged fields kept, including extra ones). */
export function foldJobEvent<T extends JobEventFoldable>(state: T, event: IncrementalJobEvent): T {
  switch (event.type) {
    case 'delta':
      return { ...state, content: state.content + event.text }
    case 'tool_call':
      return { ...state, toolCalls: upsertToolCall(state.toolCalls, event.toolCall) }
    case 'usage':
      return { ...state, usage: event.usage }
    case 'status':
      return { ...state, status: event.status, error: event.error ?? state.error }
    case 'node':
      return { ...state, workflow: upsertWorkflowNode(state.workflow ?? emptyWorkflow(), event.node) }
    case 'trace':
      return state
    case 'log': {
      const workflow = state.workflow ?? emptyWorkflow()
      return { ...state, workflow: { ...workflow, logs: [...workflow.logs, { at: event.at, level: event.level, message: event.message, phase: event.phase }] } }
    }
  }
}

/** Returns the snapshot after `event` (a new object; the input is not changed). */
export function applyJobEvent(snapshot: JobSnapshot, event: JobEventBody): JobSnapshot {
  if (event.type === 'snapshot') return { ...event.job, toolCalls: [...event.job.toolCalls] }
  return foldJobEvent(snapshot, event)
}

/** Replaces the call with the same id, keeping its place, or appends it. */
export function upsertToolCall(calls: ToolCallState[], call: ToolCallState): ToolCallState[] {
  const index = calls.findIndex(existing => existing.id === call.id)
  if (index === -1) return [...calls, call]
  const next = [...calls]
  next[index] = call
  return next
}
