// Threads and messages as the store keeps them and the API returns them. One definition for both sides.
import { z } from 'zod'
import { jobStatusSchema } from './job'
import { toolCallStateSchema } from './tool-call'
import { uploadSchema } from './upload'
import { usageSchema } from './usage'

export const threadSchema = z.object({
  id: z.string(),
  userId: z.string(),
  title: z.string(),
  /** Tools the user switched off for this thread (they win over enabledTools). */
  disabledTools: z.array(z.string()),
  /** Tools the user switched on for this thread (those with `enabledByDefault: false`). */
  enabledTools: z.array(z.string()),
  /** The model last chosen in this thread; null until one is chosen. */
  model: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type Thread = z.infer<typeof threadSchema>

/** A thread as listed in the sidebar: with its running job, if any. */
export const threadSummarySchema = threadSchema.extend({
  activeJobId: z.string().nullable(),
})
export type ThreadSummary = z.infer<typeof threadSummarySchema>

export const messageRoleSchema = z.enum(['user', 'assistant'])
export type MessageRole = z.infer<typeof messageRoleSchema>

export const messageSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  userId: z.string(),
  role: messageRoleSchema,
  content: z.string(),
  /** User messages: the images sent with the text (image parts, in order). Rows written before images existed have none. */
  attachments: z.array(uploadSchema).default([]),
  /** Assistant messages: the job that writes them and its status (mirrors the job). */
  jobId: z.string().nullable(),
  status: jobStatusSchema.nullable(),
  error: z.string().nullable(),
  model: z.string().nullable(),
  isDemo: z.boolean(),
  toolCalls: z.array(toolCallStateSchema),
  usage: usageSchema.nullable(),
  createdAt: z.number(),
})
export type Message = z.infer<typeof messageSchema>
