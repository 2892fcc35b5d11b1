// The events of a job's log, as stored in memory, fanned out to viewers and sent as SSE `data`.
// Each carries a per-job `seq` (1, 2, 3, ...). Producing and ordering them is the event log's job.
import { z } from 'zod'
import { jobSnapshotSchema, jobStatusSchema } from './job'
import { toolCallStateSchema } from './tool-call'
import { traceSchema } from './trace'
import { usageSchema } from './usage'
import { workflowNodeSchema } from './workflow'

export const jobEventBodySchema = z.discriminatedUnion('type', [
  /** The whole state up to and including `seq`: replaces whatever the viewer had. */
  z.object({ type: z.literal('snapshot'), job: jobSnapshotSchema }),
  /** Text appended to the answer. `at` is when the server received the first of its tokens (ms epoch). */
  z.object({ type: z.literal('delta'), text: z.string(), at: z.number() }),
  z.object({ type: z.literal('tool_call'), toolCall: toolCallStateSchema }),
  /** A workflow node's new state (replaces the node with its id). */
  z.object({ type: z.literal('node'), node: workflowNodeSchema }),
  /** A workflow log line; `phase` is the phase it was written in. */
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string(), at: z.number(), phase: z.string().nullable() }),
  z.object({ type: z.literal('usage'), usage: usageSchema }),
  /** A trace row started or finished (same id: the finish replaces the start). Not part of the snapshot. */
  z.object({ type: z.literal('trace'), trace: traceSchema }),
  z.object({ type: z.literal('status'), status: jobStatusSchema, error: z.string().optional() }),
])
export type JobEventBody = z.infer<typeof jobEventBodySchema>
export type JobEventType = JobEventBody['type']

export type JobEvent = JobEventBody & { seq: number }
export type JobEventOf<T extends JobEventType> = Extract<JobEventBody, { type: T }> & { seq: number }
