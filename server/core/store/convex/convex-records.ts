// Turns the records the Convex functions return into the shared types: tool calls and checkpoints
// travel as JSON strings (model-made JSON may hold keys Convex values cannot carry) and are parsed
// here, in one place. No calls to Convex here; convex-store.ts makes them.
import type { Job, JobCheckpoint } from '#shared/types/job'
import type { Message } from '#shared/types/thread'
import type { ToolCallState } from '#shared/types/tool-call'
import type { JobRecord } from '../../../../convex/lib/jobRecords'
import type { MessageRecord } from '../../../../convex/lib/messageRecords'
import type { ListedMessageRecord } from '../../../../convex/messages'
import { withLiveJobOutput } from '../store-records'

const parseToolCalls = (json: string): ToolCallState[] => JSON.parse(json) as ToolCallState[]

/** The job a Convex job record holds. */
export function jobFromRecord(record: JobRecord): Job {
  const { toolCallsJson, checkpointJson, ...fields } = record
  return {
    ...fields,
    toolCalls: parseToolCalls(toolCallsJson),
    checkpoint: checkpointJson === null ? null : JSON.parse(checkpointJson) as JobCheckpoint,
  }
}

/** The message a Convex message record holds, as stored. */
export function messageFromRecord(record: MessageRecord): Message {
  const { toolCallsJson, ...fields } = record
  return { ...fields, toolCalls: parseToolCalls(toolCallsJson) }
}

/** A listed message as a reader should see it: with the live output of its unfinished job. */
export function listedMessageFromRecord(listed: ListedMessageRecord): Message {
  const message = messageFromRecord(listed.message)
  if (listed.liveJob === null) return message
  const { toolCallsJson, ...output } = listed.liveJob
  return withLiveJobOutput(message, { ...output, toolCalls: parseToolCalls(toolCallsJson) })
}
