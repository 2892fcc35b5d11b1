// Workflows: what a script's agent() step asks the host for, and the description a workflow file
// gives of itself (name, description, args). One definition for server and browser; running scripts
// is server/core/workflows/.
import { z } from 'zod'
import { toolCallStateSchema } from './tool-call'

/** One agent() execution as the sandbox hands it to the host (parsed from the script's JSON). */
export const workflowAgentCallSchema = z.object({
  id: z.string().min(1).max(100),
  prompt: z.string().max(200_000),
  model: z.string().max(200).nullable(),
  tools: z.array(z.string().max(100)).max(50),
  /** A JSON Schema the output must match; null for text. */
  schema: z.record(z.string(), z.unknown()).nullable(),
  /** What the step received (a pipeline's previous output); null for none. */
  input: z.unknown(),
  phase: z.string().max(100).nullable(),
  /** The smallest remaining budget covering this agent; null for none below the run's. */
  maxTokens: z.number().nonnegative().nullable(),
}).strict()
export type WorkflowAgentCall = z.infer<typeof workflowAgentCallSchema>

/** A log line from the script. */
export const workflowLogEntrySchema = z.object({
  message: z.string(),
  phase: z.string().nullable(),
  level: z.enum(['info', 'error']),
}).strict()
export type WorkflowLogEntry = z.infer<typeof workflowLogEntrySchema>

/** One argument of a workflow, as its `args` declares it (drives the args form). */
export const workflowArgSchema = z.object({
  type: z.enum(['string', 'number', 'boolean']),
  description: z.string().max(500).optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
})

/** What a workflow file says about itself. */
export const workflowDescriptionSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a workflow name is lowercase letters, digits and dashes'),
  description: z.string().min(1).max(500),
  args: z.record(z.string().regex(/^\w{1,64}$/), workflowArgSchema),
})
export type WorkflowDescription = z.infer<typeof workflowDescriptionSchema>

/** A `workflow` job's `input`. */
export const workflowJobInputSchema = z.object({
  name: z.string().min(1),
  args: z.record(z.string(), z.unknown()),
})
export type WorkflowJobInput = z.infer<typeof workflowJobInputSchema>

export const workflowNodeStatusSchema = z.enum(['pending', 'active', 'completed', 'error', 'cached'])
export type WorkflowNodeStatus = z.infer<typeof workflowNodeStatusSchema>

/** One agent() execution of a run, as it is shown (never the full output: a preview). */
export const workflowNodeSchema = z.object({
  /** Unique in the run: the agent's id, with `#2`, `#3`... when an id runs again. */
  id: z.string(),
  agent: z.string(),
  phase: z.string().nullable(),
  status: workflowNodeStatusSchema,
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  tokens: z.number().int().nonnegative(),
  toolCalls: z.array(toolCallStateSchema),
  output: z.string(),
  error: z.string().nullable(),
})
export type WorkflowNode = z.infer<typeof workflowNodeSchema>

export const workflowLogSchema = z.object({
  at: z.number(),
  level: z.enum(['info', 'warn', 'error']),
  message: z.string(),
  phase: z.string().nullable(),
})
export type WorkflowLog = z.infer<typeof workflowLogSchema>

/** A run's state: in the job's snapshot and public shape, folded from `node` and `log` events. */
export const workflowStateSchema = z.object({
  name: z.string(),
  phases: z.array(z.string()),
  nodes: z.array(workflowNodeSchema),
  logs: z.array(workflowLogSchema),
})
export type WorkflowState = z.infer<typeof workflowStateSchema>

/** Longest output preview a node carries. */
export const NODE_OUTPUT_PREVIEW_CHARACTERS = 2000

/** The node with the same id replaced (keeping its place) or appended; its phase listed once. */
export function upsertWorkflowNode(state: WorkflowState, node: WorkflowNode): WorkflowState {
  const index = state.nodes.findIndex(existing => existing.id === node.id)
  const nodes = index === -1 ? [...state.nodes, node] : state.nodes.map((existing, at) => at === index ? node : existing)
  const phases = node.phase === null || state.phases.includes(node.phase) ? state.phases : [...state.phases, node.phase]
  return { ...state, nodes, phases }
}

/** A `workflow` job's checkpoint state: the shown state and the finished agents' results by cache key. */
export const workflowCheckpointStateSchema = z.object({
  workflow: workflowStateSchema,
  results: z.record(z.string(), z.unknown()),
})
export type WorkflowCheckpointState = z.infer<typeof workflowCheckpointStateSchema>

/** The run state kept in a stored workflow job's checkpoint; undefined for other jobs or none yet. */
export function workflowStateOfJob(job: { kind: string; checkpoint: { state: unknown } | null }): WorkflowState | undefined {
  if (job.kind !== 'workflow' || !job.checkpoint) return undefined
  const parsed = workflowCheckpointStateSchema.safeParse(job.checkpoint.state)
  return parsed.success ? parsed.data.workflow : undefined
}
