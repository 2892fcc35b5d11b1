// Folds one job event into a job snapshot: the single rule for what an event means, used by the
// server's live state and by the browser. It knows nothing of seq ordering; callers skip old events.
import type { JobSnapshot } from '../types/job'
import type { JobEventBody } from '../types/job-event'
import type { ToolCallState } from '../types/tool-call'

/** Returns the snapshot after `event` (a new object; the input is not changed). */
export function applyJobEvent(snapshot: JobSnapshot, event: JobEventBody): JobSnapshot {
  switch (event.type) {
    case 'snapshot':
      return { ...event.job, toolCalls: [...event.job.toolCalls] }
    case 'delta':
      return { ...snapshot, content: snapshot.content + event.text }
    case 'tool_call':
      return { ...snapshot, toolCalls: upsertToolCall(snapshot.toolCalls, event.toolCall) }
    case 'usage':
      return { ...snapshot, usage: event.usage }
    case 'status':
      return { ...snapshot, status: event.status, error: event.error ?? snapshot.error }
    case 'node':
    case 'log':
      return snapshot
  }
}

/** Replaces the call with the same id, keeping its place, or appends it. */
export function upsertToolCall(calls: ToolCallState[], call: ToolCallState): ToolCallState[] {
  const index = calls.findIndex(existing => existing.id === call.id)
  if (index === -1) return [...calls, call]
  const next = [...calls]
  next[index] = call
  return next
}
