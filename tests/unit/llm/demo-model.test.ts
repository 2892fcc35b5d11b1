// The offline demo model through the real client: deterministic markdown text, tool calls for time
// and arithmetic questions when those tools are offered, a reply built from tool results, and abort.
import { describe, expect, it } from 'vitest'
import { createLlmClient } from '../../../server/core/llm/client'
import { createDemoFetch, splitDemoTokens } from '../../../server/core/llm/demo/demo-model'
import type { LlmMessage } from '../../../server/core/llm/types'
import { chatRequest, collect, failureOf, textOf, toolCallsOf, toolDefinition } from './llm-test-helpers'

const demoClient = (tokensPerSecond = 10_000) =>
  createLlmClient({ baseUrl: 'http://demo.invalid/v1', apiKey: '', fetch: createDemoFetch({ tokensPerSecond }) })
const tools = [toolDefinition('get_current_time'), toolDefinition('calculate')]

describe('demo model', () => {
  it('answers the same request with the same text, streamed as many parts', async () => {
    const first = await collect(demoClient().stream(chatRequest('demo', 'Tell me about yourself.')))
    const second = await collect(demoClient().stream(chatRequest('demo', 'Tell me about yourself.')))
    expect(textOf(first)).toBe(textOf(second))
    expect(first.filter(part => part.type === 'text').length).toBeGreaterThan(50)
  })

  it('says it is the offline demo model, quotes the user and shows a list and a code block', async () => {
    const parts = await collect(demoClient().stream(chatRequest('demo', 'Hello there,\nsecond line')))
    const text = textOf(parts)
    expect(text).toContain('Errand\'s offline demo model')
    expect(text).toContain('> Hello there,\n> second line')
    expect(text).toMatch(/\n- .+\n- .+/)
    expect(text).toContain('```js\n// your message, measured\nconst words = 4\nconst characters = 24\n```')
    expect(parts.filter(part => part.type === 'finish')).toEqual([{ type: 'finish', reason: 'stop' }])
  })

  it('reports usage: prompt about characters / 4, completion = streamed tokens', async () => {
    const parts = await collect(demoClient().stream(chatRequest('demo', 'x'.repeat(40))))
    const textParts = parts.filter(part => part.type === 'text').length
    expect(parts.find(part => part.type === 'usage')).toEqual({ type: 'usage', usage: { promptTokens: 10, completionTokens: textParts, cachedTokens: 0, reasoningTokens: 0 } })
  })

  it('calls get_current_time for Asia/Tokyo, arguments split over several chunks', async () => {
    const parts = await collect(demoClient().stream(chatRequest('demo', 'What time is it in Tokyo?', { tools })))
    const calls = toolCallsOf(parts)
    expect(calls).toEqual([{ id: expect.stringMatching(/^call_demo_[0-9a-f]{8}$/), name: 'get_current_time', arguments: '{"timezone":"Asia/Tokyo"}' }])
    expect(parts.filter(part => part.type === 'tool_call_delta' && part.arguments).length).toBeGreaterThanOrEqual(2)
    expect(parts.find(part => part.type === 'finish')).toEqual({ type: 'finish', reason: 'tool_calls' })
    expect(textOf(parts)).toBe('')
  })

  it('calls calculate with a mathjs expression for an arithmetic question', async () => {
    const parts = await collect(demoClient().stream(chatRequest('demo', 'What is 17% of 2,340?', { tools })))
    expect(toolCallsOf(parts).map(call => [call.name, JSON.parse(call.arguments)])).toEqual([['calculate', { expression: '17% * 2340' }]])
  })

  it('answers in text when the asked-for tool is not offered', async () => {
    const parts = await collect(demoClient().stream(chatRequest('demo', 'What time is it in Tokyo?', { tools: [toolDefinition('calculate')] })))
    expect(toolCallsOf(parts)).toEqual([])
    expect(textOf(parts)).toContain('"Calculate 17% of 2,340"')
  })

  it('answers with the tool results after a tool round', async () => {
    const messages: LlmMessage[] = [
      { role: 'user', content: 'What time is it in Tokyo?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_current_time', arguments: '{"timezone":"Asia/Tokyo"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"timezone":"Asia/Tokyo","time":"2026-01-01T09:00:00+09:00"}' },
    ]
    const parts = await collect(demoClient().stream(chatRequest('demo', messages, { tools })))
    expect(toolCallsOf(parts)).toEqual([])
    expect(textOf(parts)).toContain('- In Asia/Tokyo it is 2026-01-01T09:00:00+09:00.')
    expect(textOf(parts)).not.toContain('{"timezone"')
    expect(parts.find(part => part.type === 'finish')).toEqual({ type: 'finish', reason: 'stop' })
  })

  it('stops early when aborted mid-stream', async () => {
    const controller = new AbortController()
    let textParts = 0
    const error = await failureOf((async function* () {
      for await (const part of demoClient(200).stream(chatRequest('demo', 'Hi', { signal: controller.signal }))) {
        if (part.type === 'text' && ++textParts === 3) controller.abort()
        yield part
      }
    })())
    expect(error).toMatchObject({ kind: 'aborted' })
    expect(textParts).toBe(3)
  })

  it('splits text into word and punctuation tokens that join back to the text', () => {
    const text = 'Hello, world! It\'s 2 + 2 = 4.\n\n- Zürich'
    expect(splitDemoTokens(text)).toEqual(['Hello', ',', ' world', '!', ' It\'s', ' 2', ' +', ' 2', ' =', ' 4', '.', '\n\n-', ' Zürich'])
    expect(splitDemoTokens(`${text}  `).join('')).toBe(`${text}  `)
  })
})
