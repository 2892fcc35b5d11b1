// One trace row: a model round or a tool call of an agent run, with its timing, token figures, the
// cache figures the provider reported and (for model rounds) Errand's own estimate of the prompt's
// segments. Only the shapes; recording is server/core/traces, storing the store's, showing app/components/traces.
import { z } from 'zod'

export const traceKindSchema = z.enum(['llm', 'tool'])
export const traceOutcomeSchema = z.enum(['running', 'success', 'error', 'timeout', 'aborted', 'not_enabled'])
export type TraceOutcome = z.infer<typeof traceOutcomeSchema>

const tokens = z.number().int().nonnegative()

/** Tokenizer estimates of a model request's parts, and hashes of the cacheable prefix. */
export const promptSegmentsSchema = z.object({
  system: tokens,
  tools: tokens,
  history: tokens,
  input: tokens,
  /** Short hashes of the system prompt and the tool schemas, as sent: equal hashes mean a byte-identical prefix. */
  systemHash: z.string(),
  toolsHash: z.string(),
})
export type PromptSegments = z.infer<typeof promptSegmentsSchema>

export const traceSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  parentJobId: z.string().nullable(),
  threadId: z.string().nullable(),
  /** The thread's turn (1 = the first user message); 0 for a job outside a thread. */
  turn: z.number().int().nonnegative(),
  /** The model round of the run this row belongs to. */
  round: z.number().int().nonnegative(),
  kind: traceKindSchema,
  /** The tool's name, or the model's. */
  name: z.string(),
  /** JSON as recorded; a value over the size limit is replaced by its truncated JSON text. */
  input: z.unknown(),
  inputBytes: z.number().int().nonnegative(),
  output: z.unknown(),
  outputBytes: z.number().int().nonnegative(),
  truncated: z.boolean(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  promptTokens: tokens.nullable(),
  completionTokens: tokens.nullable(),
  cacheReadTokens: tokens.nullable(),
  cacheWriteTokens: tokens.nullable(),
  reasoningTokens: tokens.nullable(),
  /** In US dollars, only when the provider reports it. */
  costUsd: z.number().nonnegative().nullable(),
  segments: promptSegmentsSchema.nullable(),
  error: z.string().nullable(),
  outcome: traceOutcomeSchema,
})
export type Trace = z.infer<typeof traceSchema>

/** Where a page of traces continues: after this row in (turn, startedAt, id) order. */
export const traceCursorSchema = z.object({ turn: z.number().int(), startedAt: z.number(), id: z.string() })
export type TraceCursor = z.infer<typeof traceCursorSchema>

export const tracePageSchema = z.object({ traces: z.array(traceSchema), next_cursor: z.string().nullable() })
export type TracePage = z.infer<typeof tracePageSchema>
