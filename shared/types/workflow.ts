// Workflows: what a script's agent() step asks the host for, and the description a workflow file
// gives of itself (name, description, args). One definition for server and browser; running scripts
// is server/core/workflows/.
import { z } from 'zod'

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
