// The offline demo model as a fetch function: it answers POST .../chat/completions with real SSE bytes
// in the OpenAI chunk format, token by token at a set pace, so the ordinary client parses it. What it
// says is demo-model-reply.ts's business; it never touches the network.
import { z } from 'zod'
import { planDemoReply, type DemoReply } from './demo-model-reply'
import { llmContentText, llmMessageSchema, llmToolDefinitionSchema, type LlmMessage } from '../types'

/** How the demo model streams. */
export interface DemoFetchOptions {
  /** Pace of the answer; 0 streams as fast as possible. */
  tokensPerSecond: number
}

const demoRequestSchema = z.object({
  model: z.string(),
  messages: z.array(llmMessageSchema),
  tools: z.array(llmToolDefinitionSchema).optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
})

interface SseRecord {
  text: string
  /** Token records are paced; the role, finish, usage and [DONE] records are not. */
  isToken: boolean
}

/** A fetch that answers chat-completions requests as Errand's offline demo model. */
export function createDemoFetch(options: DemoFetchOptions): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init)
    if (request.signal.aborted) throw request.signal.reason
    if (request.method !== 'POST' || !new URL(request.url).pathname.endsWith('/chat/completions')) {
      return jsonError(404, `The demo model only answers POST /chat/completions, not ${request.method} ${new URL(request.url).pathname}.`)
    }
    const parsed = demoRequestSchema.safeParse(await request.json().catch(() => undefined))
    if (!parsed.success) return jsonError(400, `The demo model could not read the request: ${parsed.error.issues[0]?.message ?? 'invalid JSON'}.`)
    const body = parsed.data
    const records = sseRecords(body.model, planDemoReply(body.messages, body.tools ?? []), promptTokens(body.messages), body.stream_options?.include_usage ?? false)
    return new Response(pacedStream(records, options.tokensPerSecond, request.signal), {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    })
  }
}

/** The whole answer as SSE records: role, tokens or tool-call fragments, finish, usage, [DONE]. */
function sseRecords(model: string, reply: DemoReply, promptTokenCount: number, includeUsage: boolean): SseRecord[] {
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-demo', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`
  const tokens: string[] = reply.kind === 'text'
    ? splitDemoTokens(reply.text).map(token => chunk({ content: token }))
    : reply.calls.flatMap((call, index) => [
        chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }),
        ...splitInPieces(call.function.arguments, 3).map(piece => chunk({ tool_calls: [{ index, function: { arguments: piece } }] })),
      ])
  const usage = { prompt_tokens: promptTokenCount, completion_tokens: tokens.length, total_tokens: promptTokenCount + tokens.length }
  return [
    { text: chunk({ role: 'assistant', content: '' }), isToken: false },
    ...tokens.map(text => ({ text, isToken: true })),
    { text: chunk({}, reply.kind === 'text' ? 'stop' : 'tool_calls'), isToken: false },
    ...(includeUsage ? [{ text: `data: ${JSON.stringify({ id: 'chatcmpl-demo', object: 'chat.completion.chunk', created: 0, model, choices: [], usage })}\n\n`, isToken: false }] : []),
    { text: 'data: [DONE]\n\n', isToken: false },
  ]
}

/** Words and punctuation pieces, each with the whitespace before it; joined they give the text back. */
export function splitDemoTokens(text: string): string[] {
  return text.match(/\s*(?:[\p{L}\p{N}_'’]+|[^\s\p{L}\p{N}_'’])|\s+$/gu) ?? []
}

function splitInPieces(text: string, pieces: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / pieces))
  const result: string[] = []
  for (let start = 0; start < text.length; start += size) result.push(text.slice(start, start + size))
  return result
}

function promptTokens(messages: LlmMessage[]): number {
  const characters = messages.reduce((sum, message) => sum + llmContentText(message.content).length + (message.tool_calls ? JSON.stringify(message.tool_calls).length : 0), 0)
  return Math.ceil(characters / 4)
}

/** Streams the records, waiting before each token so that token k leaves at k / tokensPerSecond; stops on abort. */
function pacedStream(records: SseRecord[], tokensPerSecond: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const intervalMs = tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0
  const startedAt = performance.now()
  let position = 0
  let tokenCount = 0
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let wake: (() => void) | undefined
  let streamController: ReadableStreamDefaultController<Uint8Array> | undefined
  const stop = () => {
    stopped = true
    clearTimeout(timer)
    wake?.()
    signal.removeEventListener('abort', onAbort)
  }
  const onAbort = () => {
    stop()
    streamController?.error(signal.reason)
  }
  return new ReadableStream<Uint8Array>({
    start(controller) {
      streamController = controller
      signal.addEventListener('abort', onAbort, { once: true })
    },
    async pull(controller) {
      const record = records[position++]
      if (!record || stopped) return
      if (record.isToken) {
        const waitMs = startedAt + tokenCount++ * intervalMs - performance.now()
        if (waitMs > 0) await new Promise<void>(resolve => { wake = resolve; timer = setTimeout(resolve, waitMs) })
      }
      if (stopped) return
      controller.enqueue(encoder.encode(record.text))
      if (position === records.length) {
        stop()
        controller.close()
      }
    },
    cancel: stop,
  })
}

function jsonError(status: number, message: string): Response {
  return Response.json({ error: { message, type: 'demo_model_error' } }, { status })
}
