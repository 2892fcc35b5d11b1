// The mock model server's own contract, over plain HTTP: scenario choice, stateless rounds, fault
// counters and reset, the out-of-process routes, and close() with a hanging stream open.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startMockModelServer } from '../../fixtures/mock-model-server/server.mjs'
import { createLlmClient } from '../../../server/core/llm/client'
import { chatRequest, collect, toolCallsOf } from './llm-test-helpers'
import type { LlmMessage } from '../../../server/core/llm/types'

type MockServer = Awaited<ReturnType<typeof startMockModelServer>>

const post = (url: string, body: unknown) =>
  fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('mock model server', () => {
  let mock: MockServer
  beforeAll(async () => {
    mock = await startMockModelServer()
  })
  beforeEach(() => mock.reset())
  afterAll(() => mock.close())

  it('lists the requests over HTTP and forgets them on POST /__reset', async () => {
    await (await post(mock.url, { model: 'mock/hello', stream: true, messages: [{ role: 'user', content: 'Hi' }] })).text()
    const origin = new URL(mock.url).origin
    const listed = await (await fetch(`${origin}/__requests`)).json()
    expect(listed).toEqual([{ at: expect.any(Number), body: expect.objectContaining({ model: 'mock/hello' }) }])
    expect((await fetch(`${origin}/__reset`, { method: 'POST' })).status).toBe(200)
    expect(await (await fetch(`${origin}/__requests`)).json()).toEqual([])
    expect(mock.requests).toEqual([])
  })

  it('answers 400 for a request that does not stream', async () => {
    const response = await post(mock.url, { model: 'mock/hello', messages: [{ role: 'user', content: 'Hi' }] })
    expect(response.status).toBe(400)
    expect((await response.json()).error.message).toContain('only streams')
  })

  it('counts http faults per scenario until reset', async () => {
    const request = { model: 'mock/rate-limited', stream: true, messages: [{ role: 'user', content: 'Hi' }] }
    const first = await post(mock.url, request)
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '1'])
    await first.text()
    const second = await post(mock.url, request)
    expect(second.status).toBe(200)
    await second.text()
    mock.reset()
    const afterReset = await post(mock.url, request)
    expect(afterReset.status).toBe(429)
    await afterReset.text()
  })

  it('plays rounds by the assistant messages after the last user message, with fresh ids when repeating', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: '' })
    const messages: LlmMessage[] = [{ role: 'user', content: 'Loop' }]
    const ids: string[] = []
    for (let round = 0; round < 3; round++) {
      const [call] = toolCallsOf(await collect(client.stream(chatRequest('mock/tool-never-stops', [...messages]))))
      ids.push(call?.id ?? '')
      messages.push(
        { role: 'assistant', content: null, tool_calls: [{ id: call?.id ?? '', type: 'function', function: { name: call?.name ?? '', arguments: call?.arguments ?? '' } }] },
        { role: 'tool', tool_call_id: call?.id ?? '', content: 'noon' },
      )
    }
    expect(ids).toEqual(['call_loop_r1', 'call_loop_r2', 'call_loop_r3'])
  })

  it('sends 25 calls in one round for tool-too-many', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: '' })
    const calls = toolCallsOf(await collect(client.stream(chatRequest('mock/tool-too-many', 'Many'))))
    expect(calls).toHaveLength(25)
    expect(calls[24]).toEqual({ id: 'call_many_25', name: 'calculate', arguments: '{"expression":"25 + 25"}' })
  })

  it('closes promptly with a hanging stream open', async () => {
    const own = await startMockModelServer()
    const response = await post(own.url, { model: 'mock/never-ends', stream: true, messages: [{ role: 'user', content: 'Hi' }] })
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    await reader.read()
    await vi.waitFor(() => expect(own.activeStreams()).toBe(1))
    await own.close()
    expect(own.activeStreams()).toBe(0)
    await expect(reader.read()).rejects.toThrow()
  })
})
