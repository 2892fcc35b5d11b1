// Background sub-agents: what a `subagent` job is started with (its `input`), the statuses the model
// and the Background pane speak, and the public shape the API returns. One definition for server and
// browser; running them is the subagent kind's job.
import { z } from 'zod'
import type { JobStatus } from './job'

export const subagentStatusSchema = z.enum(['pending', 'running', 'completed', 'failed', 'cancelled'])
export type SubagentStatus = z.infer<typeof subagentStatusSchema>

/** The job status as the model and the pane name it. */
export const subagentStatusOf = (status: JobStatus): SubagentStatus => ({
  queued: 'pending', streaming: 'running', complete: 'completed', error: 'failed', aborted: 'cancelled',
} as const)[status]

/** A `subagent` job's `input`. */
export const subagentInputSchema = z.object({
  prompt: z.string().min(1),
  /** The tools the sub-agent may use (a subset of its parent's). */
  tools: z.array(z.string()),
  /** How many sub-agents are above this one (1 for one spawned by a chat turn). */
  depth: z.number().int().positive(),
  /** Token budget (prompt + completion across its rounds); null for none. */
  budget: z.number().int().positive().nullable(),
})
export type SubagentInput = z.infer<typeof subagentInputSchema>

/** A sub-agent as GET /api/subagents returns it. */
export const publicSubagentSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: subagentStatusSchema,
  prompt: z.string(),
  tools: z.array(z.string()),
  model: z.string(),
  threadId: z.string().nullable(),
  parentJobId: z.string().nullable(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  /** Tokens used so far (prompt + completion). */
  tokens: z.number().int().nonnegative(),
  toolCalls: z.number().int().nonnegative(),
  /** The output so far (the result once completed). */
  content: z.string(),
  error: z.string().nullable(),
  /** When the result was collected (by the model or "continue with result"). */
  resultReadAt: z.number().nullable(),
})
export type PublicSubagent = z.infer<typeof publicSubagentSchema>
