// Caps on what a model response may stream: one SSE line, and the response's total characters.
import { describe, expect, it } from 'vitest'
import { createStreamMeter } from '../../../server/core/llm/stream-limits'

describe('stream meter', () => {
  it('accepts many short lines and refuses one line past the cap, even across chunks', () => {
    const meter = createStreamMeter({ maxLineCharacters: 10, maxResponseCharacters: 100 })
    meter.feed('data: 1\n\ndata: 2\r\n')
    meter.feed('12345')
    expect(() => meter.feed('678901')).toThrow(/a line longer than 10 characters/)
  })

  it('refuses a response whose text and arguments grow past the cap', () => {
    const meter = createStreamMeter({ maxLineCharacters: 1000, maxResponseCharacters: 10 })
    meter.count({ type: 'text', text: '12345' })
    meter.count({ type: 'tool_call_delta', index: 0, arguments: '1234' })
    meter.count({ type: 'usage', usage: { promptTokens: 1, completionTokens: 1 } as never })
    expect(() => meter.count({ type: 'text', text: '12' })).toThrow(/grew past 10 characters/)
  })
})
