// The llm client's failures against the real mock model server: HTTP errors, a dropped connection,
// a malformed chunk, a stream that never ends, an abort mid-stream, and an unreachable endpoint.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startMockModelServer } from '../../fixtures/mock-model-server/server.mjs'
import { createLlmClient } from '../../../server/core/llm/client'
import { LlmError } from '../../../server/core/llm/llm-error'
import { chatRequest, failureOf } from './llm-test-helpers'

type MockServer = Awaited<ReturnType<typeof startMockModelServer>>

describe('llm client failures', () => {
  let mock: MockServer
  beforeAll(async () => {
    mock = await startMockModelServer()
  })
  beforeEach(() => mock.reset())
  afterAll(() => mock.close())

  it('turns a 500 into a retryable http error with a readable message', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const error = await failureOf(client.stream(chatRequest('mock/server-error', 'Hi')))
    expect(error).toBeInstanceOf(LlmError)
    expect(error).toMatchObject({ kind: 'http', status: 500, retryable: true })
    expect((error as LlmError).message).toMatch(/^The model endpoint answered 500 Internal Server Error: Mock scenario 'server-error' answers 500/)
  })

  it('reads Retry-After from a 429', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const error = await failureOf(client.stream(chatRequest('mock/rate-limited', 'Hi')))
    expect(error).toMatchObject({ kind: 'http', status: 429, retryable: true, retryAfterMs: 1000 })
  })

  it('names the available scenarios when the scenario is unknown, and does not retry a 400', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const error = await failureOf(client.stream(chatRequest('mock/nope', 'Hi')))
    expect(error).toMatchObject({ kind: 'http', status: 400, retryable: false })
    expect((error as LlmError).message).toContain('available: default, drop-mid-stream')
  })

  it('reports a connection dropped mid-stream as a network error after yielding the first tokens', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const texts: string[] = []
    const error = await failureOf((async function* () {
      for await (const part of client.stream(chatRequest('mock/drop-mid-stream', 'Hi'))) {
        if (part.type === 'text') texts.push(part.text)
        yield part
      }
    })())
    expect(texts.join('')).toBe('These first five words arrive ')
    expect(error).toMatchObject({ kind: 'network', retryable: false, message: 'The model endpoint closed the connection mid-stream.' })
  })

  it('reports a malformed chunk as a protocol error quoting the chunk', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const error = await failureOf(client.stream(chatRequest('mock/malformed-chunk', 'Hi')))
    expect(error).toMatchObject({ kind: 'protocol', retryable: false })
    expect((error as LlmError).message).toBe('The model endpoint sent a malformed chunk: "{not json" is not JSON')
    await vi.waitFor(() => expect(mock.activeStreams()).toBe(0))
  })

  it('times out a stream that stops sending, and closes the connection', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key', idleTimeoutMs: 200 })
    const error = await failureOf(client.stream(chatRequest('mock/never-ends', 'Hi')))
    expect(error).toMatchObject({ kind: 'timeout', message: 'The model endpoint sent nothing for 0.2 s.' })
    await vi.waitFor(() => expect(mock.activeStreams()).toBe(0))
  })

  it('stops at once on abort mid-stream and leaves no open request on the server', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const controller = new AbortController()
    let textParts = 0
    const error = await failureOf((async function* () {
      for await (const part of client.stream(chatRequest('mock/slow', 'Hi', { signal: controller.signal }))) {
        if (part.type === 'text' && ++textParts === 2) controller.abort()
        yield part
      }
    })())
    expect(error).toMatchObject({ kind: 'aborted', retryable: false })
    expect(textParts).toBe(2)
    await vi.waitFor(() => expect(mock.activeStreams()).toBe(0))
  })

  it('fails with aborted, without any request, when the signal is already aborted', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const error = await failureOf(client.stream(chatRequest('mock/hello', 'Hi', { signal: AbortSignal.abort() })))
    expect(error).toMatchObject({ kind: 'aborted' })
    expect(mock.requests).toHaveLength(0)
  })

  it('calls an unreachable endpoint a retryable network error and says what to check', async () => {
    const closed = await startMockModelServer()
    await closed.close()
    const client = createLlmClient({ baseUrl: closed.url, apiKey: 'test-key' })
    const error = await failureOf(client.stream(chatRequest('mock/hello', 'Hi')))
    expect(error).toMatchObject({ kind: 'network', retryable: true })
    expect((error as LlmError).message).toContain(`Could not reach the model endpoint at http://127.0.0.1:${closed.port}`)
    expect((error as LlmError).message).toContain('Check NUXT_LLM_BASE_URL')
  })

  it('never puts the API key into an error message, even when the endpoint echoes it', async () => {
    const apiKey = 'sk-secret-123456'
    const echoingFetch: typeof fetch = async () => Response.json({ error: { message: `Invalid key ${apiKey} given` } }, { status: 401, statusText: 'Unauthorized' })
    const client = createLlmClient({ baseUrl: 'http://endpoint.invalid/v1', apiKey, fetch: echoingFetch })
    const error = await failureOf(client.stream(chatRequest('any', 'Hi')))
    expect((error as LlmError).message).toBe('The model endpoint answered 401 Unauthorized: Invalid key [redacted] given. Check NUXT_LLM_API_KEY.')
  })

  it('treats a stream that ends without [DONE] but after a finish reason as complete', async () => {
    const body = 'data: {"choices":[{"delta":{"content":"Hi"},"finish_reason":null}]}\n\ndata: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\n'
    const fetchWithoutDone: typeof fetch = async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    const client = createLlmClient({ baseUrl: 'http://endpoint.invalid/v1', apiKey: '', fetch: fetchWithoutDone })
    const parts: unknown[] = []
    for await (const part of client.stream(chatRequest('any', 'Hi'))) parts.push(part)
    expect(parts).toEqual([{ type: 'text', text: 'Hi' }, { type: 'finish', reason: 'stop' }])
  })
})
