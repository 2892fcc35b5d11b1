// The one error type the llm client throws, with a kind, an HTTP status when there is one and whether
// a retry can help. Messages are written for the end user; they never carry the API key (callers
// redact bodies before they get here). Deciding to retry is retry.ts's business, not this file's.

export type LlmErrorKind = 'http' | 'network' | 'protocol' | 'timeout' | 'aborted'

interface LlmErrorOptions {
  status?: number
  retryAfterMs?: number
  retryable?: boolean
  cause?: unknown
}

const statusHints: Record<number, string> = {
  400: 'Check the model name and the request.',
  401: 'Check NUXT_LLM_API_KEY.',
  402: 'The account behind NUXT_LLM_API_KEY is out of credits.',
  403: 'Check NUXT_LLM_API_KEY and that it may use this model.',
  404: 'Check NUXT_LLM_BASE_URL and the model name.',
  429: 'The endpoint is rate limiting; try again in a moment.',
}

/** A failed model request: what went wrong (`kind`), and whether trying again may help. */
export class LlmError extends Error {
  override readonly name = 'LlmError'
  readonly kind: LlmErrorKind
  readonly status?: number
  readonly retryAfterMs?: number
  readonly retryable: boolean

  constructor(kind: LlmErrorKind, message: string, options: LlmErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.kind = kind
    this.status = options.status
    this.retryAfterMs = options.retryAfterMs
    this.retryable = options.retryable ?? false
  }

  /** The endpoint answered with a non-2xx status; 429 and 5xx are retryable. */
  static http(status: number, statusText: string, body: string, retryAfterMs?: number): LlmError {
    const hint = statusHints[status] ?? (status >= 500 ? 'The endpoint had a problem; try again later.' : '')
    const detail = body ? `: ${asSentence(body)}` : '.'
    const message = `The model endpoint answered ${status}${statusText ? ` ${statusText}` : ''}${detail}${hint ? ` ${hint}` : ''}`
    return new LlmError('http', message, { status, retryAfterMs, retryable: status === 429 || status >= 500 })
  }

  /** The endpoint could not be reached at all (nothing received yet), so a retry may help. */
  static unreachable(origin: string, cause: unknown): LlmError {
    const reason = describeCause(cause)
    const message = `Could not reach the model endpoint at ${origin}${reason ? ` (${reason})` : ''}. Check NUXT_LLM_BASE_URL and the network.`
    return new LlmError('network', message, { retryable: true, cause })
  }

  /** The connection ended before the answer was complete. */
  static closedMidStream(cause?: unknown): LlmError {
    return new LlmError('network', 'The model endpoint closed the connection mid-stream.', { cause })
  }

  /** The endpoint sent something that is not an OpenAI chat-completions chunk. */
  static malformed(detail: string): LlmError {
    return new LlmError('protocol', `The model endpoint sent a malformed chunk: ${detail}`)
  }

  /** Nothing, not even a keep-alive comment, arrived for `idleTimeoutMs`. */
  static idle(idleTimeoutMs: number): LlmError {
    const seconds = Number((idleTimeoutMs / 1000).toFixed(1))
    return new LlmError('timeout', `The model endpoint sent nothing for ${seconds} s.`)
  }

  /** The request was stopped by its AbortSignal. */
  static aborted(): LlmError {
    return new LlmError('aborted', 'The model request was stopped.')
  }
}

function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return ''
  const inner = cause.cause instanceof Error ? cause.cause.message : ''
  return inner || cause.message
}
