// The llm client against the real mock model server: text, usage, tool-call deltas, keep-alive
// comments and records split across TCP writes all come out right.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockModelServer } from '../../fixtures/mock-model-server/server.mjs'
import { createLlmClient } from '../../../server/core/llm/client'
import { chatRequest, collect, textOf, toolCallsOf } from './llm-test-helpers'

type MockServer = Awaited<ReturnType<typeof startMockModelServer>>

async function scenarioText(name: string, round = 0): Promise<string> {
  const file = new URL(`../../fixtures/mock-model-server/scenarios/${name}.json`, import.meta.url)
  return JSON.parse(await readFile(file, 'utf8')).rounds[round].text
}

describe('llm client streaming from the mock model server', () => {
  let mock: MockServer
  beforeAll(async () => {
    mock = await startMockModelServer()
  })
  afterAll(() => mock.close())

  it('assembles the scenario text exactly and ends with finish stop', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const parts = await collect(client.stream(chatRequest('mock/hello', 'Hi')))
    expect(textOf(parts)).toBe(await scenarioText('hello'))
    expect(parts.filter(part => part.type === 'text').length).toBeGreaterThan(30)
    expect(parts.filter(part => part.type === 'finish')).toEqual([{ type: 'finish', reason: 'stop' }])
  })

  it('sends the OpenAI streaming request with the bearer key and include_usage', async () => {
    mock.reset()
    const client = createLlmClient({ baseUrl: `${mock.url}/`, apiKey: 'test-key' })
    await collect(client.stream(chatRequest('mock/default', 'Hi')))
    expect(mock.requests).toHaveLength(1)
    expect(mock.requests[0]?.body).toMatchObject({ model: 'mock/default', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] })
    expect(mock.requests[0]?.body.tools).toBeUndefined()
  })

  it('picks the scenario from a marker in the user message and keeps markdown intact', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: '' })
    const parts = await collect(client.stream(chatRequest('some/real-model', 'Show me [[scenario:markdown]] please')))
    expect(textOf(parts)).toBe(await scenarioText('markdown'))
  })

  it('maps usage, including cached prompt tokens and reasoning tokens', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const parts = await collect(client.stream(chatRequest('mock/usage-cached', 'Hi')))
    expect(parts.filter(part => part.type === 'usage')).toEqual([
      { type: 'usage', usage: { promptTokens: 1200, completionTokens: 42, cachedTokens: 1024, reasoningTokens: 30 } },
    ])
    expect(parts.at(-1)?.type).toBe('usage')
  })

  it('reports default usage with missing details as zero', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const parts = await collect(client.stream(chatRequest('mock/hello', 'Hi')))
    const usage = parts.find(part => part.type === 'usage')
    const tokens = parts.filter(part => part.type === 'text').length
    expect(usage).toEqual({ type: 'usage', usage: { promptTokens: 1, completionTokens: tokens, cachedTokens: 0, reasoningTokens: 0 } })
  })

  it('yields tool-call deltas that assemble into the scripted call, finishing with tool_calls', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const parts = await collect(client.stream(chatRequest('mock/tool-single', 'What time is it in Tokyo?')))
    const deltas = parts.filter(part => part.type === 'tool_call_delta')
    expect(deltas.length).toBeGreaterThanOrEqual(3)
    expect(deltas[0]).toEqual({ type: 'tool_call_delta', index: 0, id: 'call_time_1', name: 'get_current_time' })
    expect(toolCallsOf(parts)).toEqual([{ id: 'call_time_1', name: 'get_current_time', arguments: '{"timezone":"Asia/Tokyo"}' }])
    expect(parts.find(part => part.type === 'finish')).toEqual({ type: 'finish', reason: 'tool_calls' })
  })

  it('keeps parallel calls apart by index and streams the text that precedes them', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const parts = await collect(client.stream(chatRequest('mock/tool-parallel', 'Both please')))
    expect(textOf(parts)).toBe('Let me check both.')
    expect(toolCallsOf(parts)).toEqual([
      { id: 'call_par_1', name: 'get_current_time', arguments: '{"timezone":"Asia/Tokyo"}' },
      { id: 'call_par_2', name: 'calculate', arguments: '{"expression":"2 + 2"}' },
    ])
  })

  it('reassembles arguments split into many fragments, escapes and an emoji included', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const parts = await collect(client.stream(chatRequest('mock/tool-fragmented-args', 'Go')))
    const [call] = toolCallsOf(parts)
    expect(parts.filter(part => part.type === 'tool_call_delta').length).toBeGreaterThan(20)
    expect(JSON.parse(call?.arguments ?? '')).toEqual({ expression: '(1 + 2) * 3 / 4', note: 'quotes " and \\ backslashes, Zürich 東京 🚀' })
  })

  it('plays the next round once the request carries the assistant tool call and its result', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const parts = await collect(client.stream(chatRequest('mock/tool-single', [
      { role: 'user', content: 'What time is it in Tokyo?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_time_1', type: 'function', function: { name: 'get_current_time', arguments: '{"timezone":"Asia/Tokyo"}' } }] },
      { role: 'tool', tool_call_id: 'call_time_1', content: '{"time":"12:00"}' },
    ])))
    expect(textOf(parts)).toBe(await scenarioText('tool-single', 1))
    expect(toolCallsOf(parts)).toEqual([])
  })

  it('counts keep-alive comments as activity, so slow tokens do not trip the idle timeout', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key', idleTimeoutMs: 350 })
    const parts = await collect(client.stream(chatRequest('mock/keep-alive', 'Hi')))
    expect(textOf(parts)).toBe(await scenarioText('keep-alive'))
  })

  it('parses records split mid-record across TCP writes', async () => {
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key' })
    const parts = await collect(client.stream(chatRequest('mock/split-records', 'Hi')))
    expect(textOf(parts)).toBe(await scenarioText('split-records'))
    expect(parts.filter(part => part.type === 'usage')).toHaveLength(1)
  })
})
