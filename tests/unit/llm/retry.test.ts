// streamWithRetry against the real mock model server (429 then success, 500 until attempts run out,
// no retry after output, abort during the wait) and its delay rule, pinned with a fixed jitter.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startMockModelServer } from '../../fixtures/mock-model-server/server.mjs'
import { createLlmClient } from '../../../server/core/llm/client'
import { LlmError } from '../../../server/core/llm/llm-error'
import { retryDelayMs, streamWithRetry } from '../../../server/core/llm/retry'
import { chatRequest, collect, failureOf, textOf } from './llm-test-helpers'

type MockServer = Awaited<ReturnType<typeof startMockModelServer>>

describe('streamWithRetry', () => {
  let mock: MockServer
  beforeAll(async () => {
    mock = await startMockModelServer()
  })
  beforeEach(() => mock.reset())
  afterAll(() => mock.close())

  it('retries a 429 after its Retry-After (capped) and then streams the answer', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const retries: { status?: number; attempt: number; delayMs: number }[] = []
    const parts = await collect(streamWithRetry(client, chatRequest('mock/rate-limited', 'Hi'), {
      attempts: 3,
      baseDelayMs: 10,
      maxDelayMs: 50,
      onRetry: (error, attempt, delayMs) => retries.push({ status: error.status, attempt, delayMs }),
    }))
    expect(textOf(parts)).toMatch(/^Hello from the mock model!/)
    expect(retries).toEqual([{ status: 429, attempt: 1, delayMs: 50 }])
    expect(mock.requests).toHaveLength(2)
  })

  it('gives up on a lasting 500 after the given attempts, with the readable error', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const attempts: number[] = []
    const error = await failureOf(streamWithRetry(client, chatRequest('mock/server-error', 'Hi'), {
      attempts: 3,
      baseDelayMs: 1,
      onRetry: (_error, attempt) => attempts.push(attempt),
    }))
    expect(error).toMatchObject({ kind: 'http', status: 500 })
    expect((error as LlmError).message).toContain('The model endpoint answered 500 Internal Server Error')
    expect(attempts).toEqual([1, 2])
    expect(mock.requests).toHaveLength(3)
  })

  it('does not retry once a part has been yielded', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const error = await failureOf(streamWithRetry(client, chatRequest('mock/drop-mid-stream', 'Hi'), { attempts: 3, baseDelayMs: 1 }))
    expect(error).toMatchObject({ kind: 'network' })
    expect(mock.requests).toHaveLength(1)
  })

  it('does not retry errors that are not retryable', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const error = await failureOf(streamWithRetry(client, chatRequest('mock/nope', 'Hi'), { attempts: 3, baseDelayMs: 1 }))
    expect(error).toMatchObject({ kind: 'http', status: 400 })
    expect(mock.requests).toHaveLength(1)
  })

  it('stops at once when aborted during the wait', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const controller = new AbortController()
    const error = await failureOf(streamWithRetry(client, chatRequest('mock/server-error', 'Hi', { signal: controller.signal }), {
      attempts: 5,
      baseDelayMs: 60_000,
      random: () => 0.99,
      onRetry: () => queueMicrotask(() => controller.abort()),
    }))
    expect(error).toMatchObject({ kind: 'aborted' })
    expect(mock.requests).toHaveLength(1)
  })
})

describe('retryDelayMs', () => {
  const serverError = LlmError.http(500, 'Internal Server Error', '')

  it('doubles the base delay per attempt, scaled by a jitter between one half and one', () => {
    expect(retryDelayMs(serverError, 1, { attempts: 5, baseDelayMs: 500, random: () => 0 })).toBe(250)
    expect(retryDelayMs(serverError, 2, { attempts: 5, baseDelayMs: 500, random: () => 0 })).toBe(500)
    expect(retryDelayMs(serverError, 3, { attempts: 5, baseDelayMs: 500, random: () => 0.5 })).toBe(1500)
  })

  it('caps the backoff and Retry-After at maxDelayMs (30 s by default)', () => {
    expect(retryDelayMs(serverError, 20, { attempts: 30, baseDelayMs: 500, random: () => 0.999999 })).toBe(30_000)
    const rateLimited = LlmError.http(429, 'Too Many Requests', '', 120_000)
    expect(retryDelayMs(rateLimited, 1, { attempts: 3, baseDelayMs: 500 })).toBe(30_000)
    expect(retryDelayMs(LlmError.http(429, '', '', 2000), 1, { attempts: 3, baseDelayMs: 500, maxDelayMs: 5000 })).toBe(2000)
  })
})
