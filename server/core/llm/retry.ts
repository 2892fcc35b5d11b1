// Retries a model request that failed before it produced anything: 429, 5xx and unreachable
// endpoints, with exponential backoff and jitter, honoring Retry-After. Once a part has been yielded
// the request is never repeated (the caller already has half an answer); errors then propagate.
import { LlmError } from './llm-error'
import type { LlmClient, LlmRequest, LlmStreamPart } from './types'

/** How often and how patiently to retry. */
export interface RetryOptions {
  /** Total attempts, the first one included (1 = no retry). */
  attempts: number
  /** The first backoff; it doubles with every attempt. */
  baseDelayMs: number
  /** Upper bound of any wait, Retry-After included. Default 30000. */
  maxDelayMs?: number
  /** Told before each wait, e.g. to log "retrying in 2 s". */
  onRetry?: (error: LlmError, attempt: number, delayMs: number) => void
  /** Source of jitter in [0, 1); tests pin it. Default Math.random. */
  random?: () => number
}

/** `client.stream(request)`, retried on retryable errors while nothing has been yielded yet. */
export async function* streamWithRetry(client: LlmClient, request: LlmRequest, options: RetryOptions): AsyncGenerator<LlmStreamPart> {
  for (let attempt = 1; ; attempt++) {
    let yielded = false
    try {
      for await (const part of client.stream(request)) {
        yielded = true
        yield part
      }
      return
    }
    catch (error) {
      if (yielded || !(error instanceof LlmError) || !error.retryable || attempt >= options.attempts) throw error
      const delayMs = retryDelayMs(error, attempt, options)
      options.onRetry?.(error, attempt, delayMs)
      await wait(delayMs, request.signal)
    }
  }
}

/**
 * The wait before attempt `attempt + 1`: Retry-After when the endpoint sent one, else
 * `baseDelayMs * 2^(attempt-1)` scaled by a jitter in [0.5, 1); both capped by maxDelayMs.
 */
export function retryDelayMs(error: LlmError, attempt: number, options: RetryOptions): number {
  const maxDelayMs = options.maxDelayMs ?? 30_000
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, maxDelayMs)
  const jitter = 0.5 + (options.random ?? Math.random)() / 2
  return Math.round(Math.min(options.baseDelayMs * 2 ** (attempt - 1), maxDelayMs) * jitter)
}

/** Resolves after `delayMs`, or rejects with an aborted LlmError the moment `signal` aborts. */
function wait(delayMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(LlmError.aborted())
    const onAbort = () => {
      clearTimeout(timer)
      reject(LlmError.aborted())
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, delayMs)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
