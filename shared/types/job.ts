// The background job: kinds, statuses and the record every store provider keeps.
// One definition for server and browser; transitions are enforced by the job runner, not here.
import { z } from 'zod'
import { toolCallStateSchema, toolRoundMetadataSchema } from './tool-call'
import { usageSchema } from './usage'
import { workflowStateOfJob, workflowStateSchema } from './workflow'

export const jobKindSchema = z.enum(['chat', 'workflow', 'subagent'])
export type JobKind = z.infer<typeof jobKindSchema>

export const jobStatusSchema = z.enum(['queued', 'streaming', 'complete', 'error', 'aborted'])
export type JobStatus = z.infer<typeof jobStatusSchema>

export const TERMINAL_JOB_STATUSES = ['complete', 'error', 'aborted'] as const satisfies readonly JobStatus[]
export const ACTIVE_JOB_STATUSES = ['queued', 'streaming'] as const satisfies readonly JobStatus[]

/** True once a job can no longer change (complete, error or aborted). */
export const isTerminalStatus = (status: JobStatus): boolean =>
  (TERMINAL_JOB_STATUSES as readonly JobStatus[]).includes(status)

/**
 * The envelope of a job's last turn boundary, saved for a resume. The store understands only the
 * envelope (it rewinds text to `contentLength` and keeps the tool calls in `completedToolCallIds`);
 * `state` belongs to the job's kind, which validates it with its own zod schema when it reads it back.
 */
export const jobCheckpointSchema = z.object({
  /** Length of job.content when the checkpoint was taken (text of completed steps). */
  contentLength: z.number().int().nonnegative(),
  /** Ids of tool calls whose results the state holds (never executed again). */
  completedToolCallIds: z.array(z.string()),
  /** The kind's resume state (for chat: the agent run's conversation, next round, rounds done). */
  state: z.unknown(),
  savedAt: z.number(),
})
export type JobCheckpoint = z.infer<typeof jobCheckpointSchema>

export const jobSchema = z.object({
  id: z.string(),
  userId: z.string(),
  /** The thread the job belongs to (null for a job outside any thread). */
  threadId: z.string().nullable(),
  /** The assistant message this job writes (null for jobs that write no message, e.g. sub-agents). */
  messageId: z.string().nullable(),
  /** The job that started this one (a job tree); null for a root job. */
  parentJobId: z.string().nullable(),
  kind: jobKindSchema,
  /** A short label for lists and the live feed (a sub-agent's title, a workflow's name); null for chat turns. */
  title: z.string().nullable(),
  /** What the kind needs to start (a sub-agent's prompt, a workflow's args); null for chat turns. */
  input: z.record(z.string(), z.unknown()).nullable(),
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
  /** When someone asked to stop the job (any instance); the owner's heartbeat sees it and stops it. */
  abortRequestedAt: z.number().nullable(),
  /** When the job's result was first collected (a sub-agent's `subagent_result`); null until then. */
  resultReadAt: z.number().nullable(),
})
export type Job = z.infer<typeof jobSchema>

/** What a viewer needs to render a job from scratch (the body of a `snapshot` event). */
export const jobSnapshotSchema = jobSchema.pick({
  id: true, threadId: true, messageId: true, parentJobId: true, kind: true, title: true, status: true, model: true,
  isDemo: true, content: true, toolCalls: true, usage: true, error: true, startedAt: true, finishedAt: true,
}).extend({
  /** A workflow run's phases, nodes and logs (workflow jobs only). */
  workflow: workflowStateSchema.optional(),
})
export type JobSnapshot = z.infer<typeof jobSnapshotSchema>

/**
 * The job as the HTTP API returns it: never the checkpoint, the lease, attempts, the abort request or
 * the kind's input. Built with `toPublicJob`; a test walks every route to prove nothing else leaks.
 */
export const publicJobSchema = jobSchema.pick({
  id: true, threadId: true, messageId: true, parentJobId: true, kind: true, title: true, status: true, model: true,
  isDemo: true, content: true, toolCalls: true, toolRounds: true, usage: true, error: true, lastSeq: true,
  createdAt: true, startedAt: true, finishedAt: true, updatedAt: true,
}).extend({
  /** A workflow run's phases, nodes and logs (workflow jobs only; read from its checkpoint). */
  workflow: workflowStateSchema.optional(),
})
export type PublicJob = z.infer<typeof publicJobSchema>

/** The public shape of a stored job (strips every internal field). */
export const toPublicJob = (job: Job): PublicJob => {
  const workflow = workflowStateOfJob(job)
  return publicJobSchema.parse(workflow ? { ...job, workflow } : job)
}
