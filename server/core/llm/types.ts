// The shapes the llm client speaks: OpenAI chat-completions messages and tool definitions going out
// (zod schemas, so the demo model can validate what it receives), and the stream parts coming back.
// No parsing logic or transport here.
import { z } from 'zod'
import type { Usage } from '#shared/types/usage'

/** One tool call inside an assistant message, exactly as the OpenAI protocol spells it. */
export const llmToolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
})
export type LlmToolCall = z.infer<typeof llmToolCallSchema>

/** One part of a user message's content: text, or an image as a URL (a `data:` URI when sent). */
export const llmContentPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image_url'), image_url: z.object({ url: z.string(), detail: z.enum(['auto', 'low', 'high']).optional() }) }),
])
export type LlmContentPart = z.infer<typeof llmContentPartSchema>

/** One chat message in the OpenAI chat-completions format; `tool_call_id` answers a call (`role: 'tool'`). */
export const llmMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  /** A string, or (user messages with images) content parts. */
  content: z.union([z.string(), z.array(llmContentPartSchema)]).nullable(),
  tool_calls: z.array(llmToolCallSchema).optional(),
  tool_call_id: z.string().optional(),
})
export type LlmMessage = z.infer<typeof llmMessageSchema>

/** The text of a message's content, whether a string or parts (image parts contribute nothing). */
export function llmContentText(content: LlmMessage['content']): string {
  if (content === null) return ''
  if (typeof content === 'string') return content
  return content.map(part => (part.type === 'text' ? part.text : '')).join('')
}

/** A tool offered to the model; `parameters` is a JSON schema. */
export const llmToolDefinitionSchema = z.object({
  type: z.literal('function'),
  function: z.object({ name: z.string(), description: z.string(), parameters: z.record(z.string(), z.unknown()) }),
})
export type LlmToolDefinition = z.infer<typeof llmToolDefinitionSchema>

/** One streaming chat-completions request. Aborting `signal` stops the request and its stream. */
export interface LlmRequest {
  model: string
  messages: LlmMessage[]
  tools?: LlmToolDefinition[]
  signal: AbortSignal
}

/**
 * One piece of a streamed answer. Tool calls arrive as deltas keyed by `index`: the first delta of a
 * call carries its `id` and `name`, later ones append to `arguments`.
 */
export type LlmStreamPart =
  | { type: 'text'; text: string }
  | { type: 'tool_call_delta'; index: number; id?: string; name?: string; arguments?: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: string }

/** Streams one chat completion as parts; throws `LlmError` on failure. Made by `createLlmClient` (client.ts). */
export interface LlmClient {
  stream(request: LlmRequest): AsyncGenerator<LlmStreamPart>
}
