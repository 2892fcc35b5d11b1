// Collects the tool-call fragments of one streamed model round into whole calls, keyed by the index the
// endpoint gives them (arguments arrive in pieces). It does not parse or run anything.
import type { LlmStreamPart, LlmToolCall } from '../llm/types'

export class ToolCallAccumulator {
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>()

  /** Adds one `tool_call_delta` part. */
  add(part: Extract<LlmStreamPart, { type: 'tool_call_delta' }>): void {
    const call = this.calls.get(part.index) ?? { id: '', name: '', arguments: '' }
    if (part.id) call.id = part.id
    if (part.name) call.name += part.name
    if (part.arguments) call.arguments += part.arguments
    this.calls.set(part.index, call)
  }

  /** The calls in index order; a call the endpoint gave no id gets a stable one. */
  complete(round: number): LlmToolCall[] {
    return [...this.calls.entries()]
      .sort(([left], [right]) => left - right)
      .map(([index, call]) => ({
        id: call.id || `call_r${round}_${index}`,
        type: 'function' as const,
        function: { name: call.name, arguments: call.arguments },
      }))
  }

  get size(): number {
    return this.calls.size
  }
}
