// The state of one tool call inside a job and the metadata of one tool round: one definition,
// used by the tool loop, the store, the event log and the UI. No execution logic here.
import { z } from 'zod'

export const toolCallStatusSchema = z.enum(['pending', 'running', 'completed', 'error'])
export type ToolCallStatus = z.infer<typeof toolCallStatusSchema>

export const toolCallStateSchema = z.object({
  /** The id the model gave the call (`call_...`). Unique within a job. */
  id: z.string(),
  name: z.string(),
  status: toolCallStatusSchema,
  /** Parsed arguments when they were valid JSON, else the raw argument string. */
  args: z.unknown(),
  result: z.unknown().optional(),
  error: z.string().optional(),
  /** Which model round (1-based) asked for the call. */
  round: z.number().int().positive(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  truncated: z.boolean().optional(),
})
export type ToolCallState = z.infer<typeof toolCallStateSchema>

export const toolRoundMetadataSchema = z.object({
  round: z.number().int().positive(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  toolCallIds: z.array(z.string()),
  finishReason: z.string().optional(),
  promptTokens: z.number().int().nonnegative().optional(),
  completionTokens: z.number().int().nonnegative().optional(),
  cachedTokens: z.number().int().nonnegative().optional(),
})
export type ToolRoundMetadata = z.infer<typeof toolRoundMetadataSchema>
