// Estimates the segments of one model request with a real tokenizer (js-tiktoken, cl100k_base): the
// system prompt, the tool schemas, the history and the new input (what follows the last assistant
// message), plus short hashes of the system prompt and tool schemas as sent, so a changed cacheable
// prefix shows. Counts are cached per text, so a long thread is not re-tokenised every round.
// Building the tokenizer costs seconds of CPU, so the server warms it once at start-up
// (`warmTokenizer`); until then no segments are estimated rather than stalling a stream.
// It does not read what the provider reported (that is the usage) or decide anything.
import { createHash } from 'node:crypto'
import { Tiktoken } from 'js-tiktoken/lite'
import cl100kBase from 'js-tiktoken/ranks/cl100k_base'
import type { PromptSegments } from '#shared/types/trace'
import { llmContentText, type LlmMessage, type LlmToolDefinition } from '../llm/types'

const CACHE_LIMIT = 5000
const counts = new Map<string, number>()
/** A tool set's definitions are one array for the whole run: its count and hash are worked out once. */
const toolFigures = new WeakMap<readonly LlmToolDefinition[], { tokens: number; hash: string }>()
let encoder: Tiktoken | null = null

/** Builds the tokenizer now (blocking, once). */
export function warmTokenizer(): void {
  encoder ??= new Tiktoken(cl100kBase)
}

/** True once the tokenizer is built. */
export const tokenizerReady = (): boolean => encoder !== null

/** Tokens in `text` (cached; the cache forgets its oldest entries past CACHE_LIMIT). Warms the tokenizer when needed. */
export function countTokens(text: string): number {
  if (text === '') return 0
  const known = counts.get(text)
  if (known !== undefined) return known
  warmTokenizer()
  const count = encoder!.encode(text).length
  if (counts.size >= CACHE_LIMIT) counts.delete(counts.keys().next().value!)
  counts.set(text, count)
  return count
}

/** A short stable hash of a text (12 hex digits of its SHA-256). */
export const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12)

/** The text a message contributes to the prompt: its content and any tool calls. */
function messageText(message: LlmMessage): string {
  const content = llmContentText(message.content)
  return message.tool_calls ? `${content}${JSON.stringify(message.tool_calls)}` : content
}

/** The request's segments as `messages` and `tools` would be sent; null while the tokenizer is not built. */
export function estimatePromptSegments(messages: readonly LlmMessage[], tools: readonly LlmToolDefinition[]): PromptSegments | null {
  if (!tokenizerReady()) return null
  let leading = 0
  while (leading < messages.length && messages[leading]!.role === 'system') leading += 1
  const system = messages.slice(0, leading).map(message => message.content ?? '').join('\n')
  const lastAssistant = messages.findLastIndex(message => message.role === 'assistant')
  const inputStart = Math.max(leading, lastAssistant + 1)
  const toolsFigures = figuresOfTools(tools)
  let history = 0
  let input = 0
  for (let index = leading; index < messages.length; index++) {
    const tokens = countTokens(messageText(messages[index]!))
    if (index < inputStart) history += tokens
    else input += tokens
  }
  return { system: countTokens(system), tools: toolsFigures.tokens, history, input, systemHash: shortHash(system), toolsHash: toolsFigures.hash }
}

function figuresOfTools(tools: readonly LlmToolDefinition[]): { tokens: number; hash: string } {
  let figures = toolFigures.get(tools)
  if (!figures) {
    // The JSON the client sends for `tools`: equal hashes mean byte-identical tool schemas.
    const json = tools.length > 0 ? JSON.stringify(tools) : ''
    figures = { tokens: countTokens(json), hash: shortHash(json) }
    toolFigures.set(tools, figures)
  }
  return figures
}
