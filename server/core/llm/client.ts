// Streams chat completions from an OpenAI-compatible endpoint (OpenRouter, OpenAI, Ollama, vLLM, the
// demo model's fetch): POST /chat/completions with stream: true, SSE parsed by eventsource-parser.
// It does not retry (retry.ts) and does not assemble tool calls or text; it yields parts as they come.
import { createParser } from 'eventsource-parser'
import { chunkToParts } from './chunk-parts'
import { LlmError } from './llm-error'
import { readHttpError } from './read-http-error'
import { createStreamGuard, type StreamGuard } from './stream-guard'
import { createStreamMeter, DEFAULT_MAX_LINE_CHARACTERS, DEFAULT_MAX_RESPONSE_CHARACTERS, type StreamLimits } from './stream-limits'
import type { LlmClient, LlmRequest, LlmStreamPart } from './types'
import { OPEN_TURN_GATE, type TurnGate } from '../scheduling/turn-gate'

/** Where and how to reach the endpoint. */
export interface LlmClientOptions {
  /** e.g. `https://openrouter.ai/api/v1`; `/chat/completions` is appended. */
  baseUrl: string
  /** Sent as `Authorization: Bearer ...` when not empty; never appears in error messages. */
  apiKey: string
  /** Defaults to the global fetch; the demo model and tests pass their own. */
  fetch?: typeof fetch
  /** Fail with a timeout error when no byte (keep-alive comments included) arrives for this long. Default 60000. */
  idleTimeoutMs?: number
  /** Extra request headers, e.g. OpenRouter's `HTTP-Referer` and `X-Title`. */
  extraHeaders?: Record<string, string>
  /** Caps on one SSE line and on a response's text; defaults in stream-limits.ts. */
  limits?: Partial<StreamLimits>
  /** Asked before a request is sent and before each read is handled (the server's per-turn budget); default: open. */
  turnGate?: TurnGate
}

/** Creates a client whose `stream()` yields text, tool-call deltas, usage and the finish reason. */
export function createLlmClient(options: LlmClientOptions): LlmClient {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`
  const settings: StreamSettings = {
    url,
    origin: new URL(url).origin,
    apiKey: options.apiKey,
    fetch: options.fetch ?? globalThis.fetch,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    turnGate: options.turnGate ?? OPEN_TURN_GATE,
    limits: {
      maxLineCharacters: options.limits?.maxLineCharacters ?? DEFAULT_MAX_LINE_CHARACTERS,
      maxResponseCharacters: options.limits?.maxResponseCharacters ?? DEFAULT_MAX_RESPONSE_CHARACTERS,
    },
    headers: {
      'content-type': 'application/json',
      'accept': 'text/event-stream',
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      ...options.extraHeaders,
    },
  }
  return { stream: request => streamCompletion(settings, request) }
}

interface StreamSettings {
  url: string
  origin: string
  apiKey: string
  fetch: typeof fetch
  idleTimeoutMs: number
  turnGate: TurnGate
  limits: StreamLimits
  headers: Record<string, string>
}

async function* streamCompletion(settings: StreamSettings, request: LlmRequest): AsyncGenerator<LlmStreamPart> {
  const guard = createStreamGuard(request.signal, settings.idleTimeoutMs)
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  let ended = false
  try {
    await settings.turnGate.admit()
    const response = await guard.race(
      settings.fetch(settings.url, { method: 'POST', headers: settings.headers, body: requestBody(request), signal: guard.signal }),
      cause => LlmError.unreachable(settings.origin, cause),
    )
    guard.touch()
    if (!response.ok || isJson(response)) {
      throw await guard.race(readHttpError(response, settings.apiKey), cause => LlmError.closedMidStream(cause))
    }
    if (!response.body) throw LlmError.malformed('the response has no body')
    reader = response.body.getReader()
    guard.bind(reader)
    const payloads: string[] = []
    const parser = createParser({ onEvent: event => payloads.push(event.data) })
    const decoder = new TextDecoder()
    const meter = createStreamMeter(settings.limits)
    let finished = false
    for (;;) {
      const { done, value } = await readGuarded(reader, guard)
      // Awaited only when it must wait: a hop per read is not free on this path.
      const turn = settings.turnGate.admit()
      if (turn) await turn
      if (done) {
        ended = true
        break
      }
      guard.touch()
      const text = decoder.decode(value, { stream: true })
      meter.feed(text)
      parser.feed(text)
      for (const data of payloads.splice(0)) {
        if (data.trim() === '[DONE]') {
          await drainAfterDone(reader)
          ended = true
          return
        }
        for (const part of chunkToParts(data, settings.apiKey)) {
          meter.count(part)
          if (part.type === 'finish') finished = true
          yield part
        }
      }
    }
    if (!finished) throw LlmError.closedMidStream()
  }
  finally {
    guard.dispose()
    if (!ended) reader?.cancel().catch(() => undefined)
  }
}

/** One read of the body; a tripped guard (abort, idle) wins over whatever the read returned. */
async function readGuarded(reader: ReadableStreamDefaultReader<Uint8Array>, guard: StreamGuard): Promise<ReadableStreamReadResult<Uint8Array>> {
  let result: ReadableStreamReadResult<Uint8Array>
  try {
    result = await reader.read()
  }
  catch (cause) {
    throw guard.failure ?? LlmError.closedMidStream(cause)
  }
  if (guard.failure) throw guard.failure
  return result
}

/** How long the body may go on after `[DONE]` before the client stops reading it. */
const DONE_DRAIN_MS = 1000

/**
 * Reads the body to its end after `[DONE]` (bytes after it are ignored), so a response that ends
 * cleanly leaves its keep-alive connection for the next request instead of being cancelled, which
 * closes the connection. A body still open after DONE_DRAIN_MS is cancelled here; either way nothing
 * is left to cancel afterwards.
 */
async function drainAfterDone(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const timer = setTimeout(() => reader.cancel().catch(() => undefined), DONE_DRAIN_MS)
  try {
    while (!(await reader.read()).done) { /* bytes after [DONE] carry nothing */ }
  }
  catch {
    // The body failed after [DONE]: the answer is complete, and a failed stream needs no cancel.
  }
  finally {
    clearTimeout(timer)
  }
}

function requestBody(request: LlmRequest): string {
  return JSON.stringify({
    model: request.model,
    messages: request.messages,
    ...(request.tools?.length ? { tools: request.tools } : {}),
    stream: true,
    stream_options: { include_usage: true },
  })
}

/** A 200 answer in JSON instead of SSE is an error report (some endpoints do this); read it as one. */
function isJson(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').includes('application/json')
}
