// Helpers shared by the llm unit tests: build a request, drain a stream into parts, and assemble the
// text and tool calls the parts describe. No assertions here; the tests make them.
import type { LlmMessage, LlmRequest, LlmStreamPart, LlmToolDefinition } from '../../../server/core/llm/types'

/** A request with one user message (or the given messages) and a fresh, never-aborted signal. */
export function chatRequest(model: string, messages: LlmMessage[] | string, extra: Partial<LlmRequest> = {}): LlmRequest {
  const list = typeof messages === 'string' ? [{ role: 'user' as const, content: messages }] : messages
  return { model, messages: list, signal: new AbortController().signal, ...extra }
}

/** Reads a whole stream into an array of parts. */
export async function collect(stream: AsyncIterable<LlmStreamPart>): Promise<LlmStreamPart[]> {
  const parts: LlmStreamPart[] = []
  for await (const part of stream) parts.push(part)
  return parts
}

/** Reads a stream until it fails and returns the error (or throws when it does not fail). */
export async function failureOf(stream: AsyncIterable<LlmStreamPart>): Promise<unknown> {
  try {
    await collect(stream)
  }
  catch (error) {
    return error
  }
  throw new Error('expected the stream to fail, but it completed')
}

/** The text parts joined. */
export function textOf(parts: LlmStreamPart[]): string {
  return parts.map(part => (part.type === 'text' ? part.text : '')).join('')
}

/** Tool-call deltas assembled by index, as the tool loop will do it. */
export function toolCallsOf(parts: LlmStreamPart[]): { id: string; name: string; arguments: string }[] {
  const calls: { id: string; name: string; arguments: string }[] = []
  for (const part of parts) {
    if (part.type !== 'tool_call_delta') continue
    const call = (calls[part.index] ??= { id: '', name: '', arguments: '' })
    call.id ||= part.id ?? ''
    call.name ||= part.name ?? ''
    call.arguments += part.arguments ?? ''
  }
  return calls
}

/** A tool definition with an open parameters schema. */
export function toolDefinition(name: string): LlmToolDefinition {
  return { type: 'function', function: { name, description: `The ${name} tool.`, parameters: { type: 'object', properties: {} } } }
}
