// Caps on what one model response may send, applied while it streams: the length of a single SSE line
// (an endpoint that never sends a newline cannot grow the parser's buffer without end) and the total
// characters of text plus tool-call arguments. Throws LlmError; reading and parsing are client.ts's.
import { LlmError } from './llm-error'
import type { LlmStreamPart } from './types'

/** The longest single SSE line accepted (one chunk of JSON is a few hundred bytes). */
export const DEFAULT_MAX_LINE_CHARACTERS = 1_000_000
/** The most text plus tool-call argument characters one response may stream. */
export const DEFAULT_MAX_RESPONSE_CHARACTERS = 4_000_000

export interface StreamLimits {
  maxLineCharacters: number
  maxResponseCharacters: number
}

/** Tracks one response against `limits`; `feed` takes raw decoded text, `count` each parsed part. */
export function createStreamMeter(limits: StreamLimits) {
  let lineLength = 0
  let responseCharacters = 0
  const lineEnd = /[\r\n]/g
  return {
    feed(text: string): void {
      let start = 0
      lineEnd.lastIndex = 0
      for (let match = lineEnd.exec(text); match; match = lineEnd.exec(text)) {
        if (lineLength + (match.index - start) > limits.maxLineCharacters) break
        lineLength = 0
        start = match.index + 1
      }
      lineLength += text.length - start
      if (lineLength > limits.maxLineCharacters) {
        throw LlmError.malformed(`a line longer than ${limits.maxLineCharacters} characters; the response was stopped`)
      }
    },
    count(part: LlmStreamPart): void {
      if (part.type === 'text') responseCharacters += part.text.length
      else if (part.type === 'tool_call_delta') responseCharacters += (part.arguments?.length ?? 0) + (part.name?.length ?? 0)
      if (responseCharacters > limits.maxResponseCharacters) {
        throw new LlmError('protocol', `The model's answer grew past ${limits.maxResponseCharacters} characters and was stopped.`)
      }
    },
  }
}
