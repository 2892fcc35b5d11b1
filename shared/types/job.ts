// The background job: kinds, statuses and the record every store provider keeps.
// One definition for server and browser; transitions are enforced by the job runner, not here.
import { z } from 'zod'
import { toolCallStateSchema, toolRoundMetadataSchema } from './tool-call'
import { usageSchema } from './usage'

export const jobKindSchema = z.enum(['chat', 'workflow', 'subagent'])
export type JobKind = z.infer<typeof jobKindSchema>

export const jobStatusSchema = z.enum(['queued', 'streaming', 'complete', 'error', 'aborted', 'interrupted'])
export type JobStatus = z.infer<typeof jobStatusSchema>

export const TERMINAL_JOB_STATUSES = ['complete', 'error', 'aborted'] as const satisfies readonly JobStatus[]
export const ACTIVE_JOB_STATUSES = ['queued', 'streaming'] as const satisfies readonly JobStatus[]

/** True once a job can no longer change (complete, error or aborted). */
export const isTerminalStatus = (status: JobStatus): boolean =>
  (TERMINAL_JOB_STATUSES as readonly JobStatus[]).includes(status)

/** What a resumed job needs to continue from its last turn boundary (saved after each round and tool call). */
export const jobCheckpointSchema = z.object({
  /** The next model round to run (1-based). */
  round: z.number().int().positive(),
  /** The conversation to send for that round: OpenAI chat messages incl. assistant tool_calls and tool results. */
  messages: z.array(z.record(z.string(), z.unknown())),
  /** Ids of tool calls whose results are in `messages` (never executed again). */
  completedToolCallIds: z.array(z.string()),
  /** Length of job.content when the checkpoint was taken (text of completed rounds). */
  contentLength: z.number().int().nonnegative(),
  /** Tool rounds already run (counts against the round limit). */
  toolRoundsDone: z.number().int().nonnegative(),
  savedAt: z.number(),
})
export type JobCheckpoint = z.infer<typeof jobCheckpointSchema>

export const jobSchema = z.object({
  id: z.string(),
  userId: z.string(),
  threadId: z.string(),
  /** The assistant message this job writes. */
  messageId: z.string(),
  kind: jobKindSchema,
  status: jobStatusSchema,
  model: z.string(),
  /** True when the built-in offline demo model answers. */
  isDemo: z.boolean(),
  content: z.string(),
  chunksReceived: z.number().int().nonnegative(),
  toolCalls: z.array(toolCallStateSchema),
  toolRounds: z.array(toolRoundMetadataSchema),
  usage: usageSchema.nullable(),
  error: z.string().nullable(),
  /** The seq of the last event the log had emitted when the job was last written. */
  lastSeq: z.number().int().nonnegative(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  updatedAt: z.number(),
  /** How many times a process has started running the job (0 when created). */
  attempts: z.number().int().nonnegative(),
  /** The instance running the job, while it holds the lease. */
  leaseOwner: z.string().nullable(),
  /** When the lease lapses unless renewed (ms epoch). */
  leaseExpiresAt: z.number().nullable(),
  /** The last turn boundary saved for a resume; null before the first one. */
  checkpoint: jobCheckpointSchema.nullable(),
})
export type Job = z.infer<typeof jobSchema>

/** What a viewer needs to render a job from scratch (the body of a `snapshot` event). */
export const jobSnapshotSchema = jobSchema.pick({
  id: true, threadId: true, messageId: true, kind: true, status: true, model: true, isDemo: true,
  content: true, toolCalls: true, usage: true, error: true, startedAt: true, finishedAt: true,
})
export type JobSnapshot = z.infer<typeof jobSnapshotSchema>
