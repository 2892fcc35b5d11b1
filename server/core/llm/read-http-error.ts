// Turns a non-2xx response of the model endpoint into an LlmError: a short, redacted excerpt of the
// body (the endpoint's own error message when it sends JSON) and the Retry-After delay.
// It does not decide about retries; LlmError.http marks 429 and 5xx as retryable.
import { LlmError } from './llm-error'

const maxBodyChars = 200

/** Reads the failed response's body and headers into an LlmError; `secret` is removed from the text. */
export async function readHttpError(response: Response, secret: string): Promise<LlmError> {
  const raw = await response.text().catch(() => '')
  const body = shorten(redactSecret(endpointMessage(raw), secret))
  return LlmError.http(response.status, response.statusText, body, parseRetryAfter(response.headers))
}

/** Milliseconds to wait from `retry-after-ms` or `retry-after` (seconds or an HTTP date), if present. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = Number(headers.get('retry-after-ms') ?? Number.NaN)
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds
  const value = headers.get('retry-after')
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Replaces every occurrence of `secret` (when set) with a placeholder. */
export function redactSecret(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text
}

function endpointMessage(raw: string): string {
  try {
    const parsed: unknown = JSON.parse(raw)
    const error = isRecord(parsed) ? parsed.error : undefined
    const message = isRecord(error) ? error.message : isRecord(parsed) ? parsed.message : undefined
    if (typeof message === 'string' && message) return message
  }
  catch {
    // Not JSON: the raw text is the best description there is.
  }
  return raw
}

function shorten(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim()
  return collapsed.length > maxBodyChars ? `${collapsed.slice(0, maxBodyChars - 1)}…` : collapsed
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
