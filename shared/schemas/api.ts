// Request and response shapes of the public HTTP API, validated at the route and typed in the browser.
// Limits that come from configuration (message length) are applied by the handler, not baked in here.
import { z } from 'zod'
import { jobKindSchema } from '../types/job'
import { subagentStatusSchema } from '../types/subagent'
import { workflowDescriptionSchema } from '../types/workflow'

export const idParamSchema = z.object({ id: z.string().min(1).max(100) })

export const createThreadBodySchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
}).strict()

const toolNamesSchema = z.array(z.string().min(1).max(100)).max(200)

export const patchThreadBodySchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  /** Tools switched off for the thread (win over enabledTools). */
  disabledTools: toolNamesSchema.optional(),
  /** Tools switched on for the thread (those with enabledByDefault: false). */
  enabledTools: toolNamesSchema.optional(),
  /** The model chosen in this thread. */
  model: z.string().min(1).max(200).nullable().optional(),
}).strict().refine(body => Object.values(body).some(value => value !== undefined), {
  message: 'nothing to change: give a title, disabledTools, enabledTools or model',
})
export type PatchThreadBody = z.infer<typeof patchThreadBodySchema>

export const postMessageBodySchema = z.object({
  content: z.string(),
  model: z.string().min(1).max(200).optional(),
  /** Ids of the caller's uploads (POST /api/uploads) sent as images with the text, in order. */
  attachments: z.array(z.string().min(1).max(100)).max(100).optional(),
}).strict()
export type PostMessageBody = z.infer<typeof postMessageBodySchema>

/** POST /api/messages/:id/regenerate (an assistant message). */
export const regenerateMessageBodySchema = z.object({
  model: z.string().min(1).max(200).optional(),
}).strict()
export type RegenerateMessageBody = z.infer<typeof regenerateMessageBodySchema>

/** POST /api/messages/:id/edit (a user message): the new text; later turns are dropped. */
export const editMessageBodySchema = z.object({
  content: z.string(),
  model: z.string().min(1).max(200).optional(),
}).strict()
export type EditMessageBody = z.infer<typeof editMessageBodySchema>

/** GET /api/threads?q= : threads whose title or message text contains `q`. */
export const listThreadsQuerySchema = z.object({
  q: z.string().trim().min(1).max(200).optional(),
})

/** GET /api/uploads/:id?variant= : the original (default) or its thumbnail (at most 600 px wide). */
export const uploadQuerySchema = z.object({
  variant: z.enum(['original', 'thumbnail']).default('original'),
})

/** 202 answer of POST /api/threads/:id/messages, regenerate and edit. */
export const postMessageResultSchema = z.object({
  threadId: z.string(),
  userMessageId: z.string(),
  assistantMessageId: z.string(),
  jobId: z.string(),
})
export type PostMessageResult = z.infer<typeof postMessageResultSchema>

export const listJobsQuerySchema = z.object({
  active: z.enum(['1', 'true', '0', 'false']).optional(),
  threadId: z.string().optional(),
  kind: jobKindSchema.optional(),
})

/** GET /api/threads/:id/traces and /api/jobs/:id/traces: a page of traces (limit 50 by default, at most 200). */
export const listTracesQuerySchema = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  turn: z.coerce.number().int().nonnegative().optional(),
})
export type ListTracesQuery = z.infer<typeof listTracesQuerySchema>

export const streamQuerySchema = z.object({
  after: z.coerce.number().int().nonnegative().optional(),
})

/** GET /api/models: what the model picker offers. */
export const modelsResultSchema = z.object({
  models: z.array(z.string()),
  defaultModel: z.string(),
  demo: z.boolean(),
})
export type ModelsResult = z.infer<typeof modelsResultSchema>

/** GET /api/tools: the server tools a user can switch off per thread (PATCH disabledTools). */
export const toolsResultSchema = z.object({
  tools: z.array(z.object({
    name: z.string(),
    description: z.string(),
    /** False for tools kept out of the model's list unless a thread switches them on. Default true. */
    enabledByDefault: z.boolean().optional(),
  })),
})
export type ToolsResult = z.infer<typeof toolsResultSchema>
export type ToolSummary = ToolsResult['tools'][number]

/** GET /api/subagents?status=&threadId= */
export const listSubagentsQuerySchema = z.object({
  status: subagentStatusSchema.optional(),
  threadId: z.string().min(1).max(100).optional(),
})

/** POST /api/workflows/:name/run. */
export const workflowNameParamSchema = z.object({ name: z.string().min(1).max(64) })
export const runWorkflowBodySchema = z.object({
  args: z.record(z.string(), z.unknown()).default({}),
  threadId: z.string().min(1).max(100).optional(),
}).strict()
export type RunWorkflowBody = z.infer<typeof runWorkflowBodySchema>

/** A workflow as GET /api/workflows lists it. */
export const publicWorkflowSchema = workflowDescriptionSchema.extend({
  source: z.enum(['builtin', 'project', 'user', 'configured']),
})
export type PublicWorkflow = z.infer<typeof publicWorkflowSchema>
