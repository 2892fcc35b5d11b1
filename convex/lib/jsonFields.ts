// The fields the Convex tables keep as JSON strings (tool calls, checkpoints, a kind's input), parsed
// back with the shared zod schemas, so a malformed row fails loudly instead of flowing on as a cast.
// Stores nothing; the function files read and write the strings.
import { z } from 'zod'
import { jobCheckpointSchema, type JobCheckpoint } from '../../shared/types/job'
import { toolCallStateSchema, type ToolCallState } from '../../shared/types/tool-call'

const toolCallsSchema = z.array(toolCallStateSchema)
const jobInputSchema = z.record(z.string(), z.unknown())

/** The tool calls a `tool_calls` field holds. */
export const parseToolCalls = (json: string): ToolCallState[] => toolCallsSchema.parse(JSON.parse(json))

/** One tool call sent as JSON. */
export const parseToolCall = (json: string): ToolCallState => toolCallStateSchema.parse(JSON.parse(json))

/** The checkpoint a `checkpoint` field holds (null stays null). */
export const parseCheckpoint = (json: string | null): JobCheckpoint | null =>
  json === null ? null : jobCheckpointSchema.parse(JSON.parse(json))

/** The kind's input an `input` field holds (null stays null). */
export const parseJobInput = (json: string | null): Record<string, unknown> | null =>
  json === null ? null : jobInputSchema.parse(JSON.parse(json))
