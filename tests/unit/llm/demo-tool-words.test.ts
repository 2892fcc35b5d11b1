// The demo model says what its tools found in words, not raw JSON.
import { describe, expect, it } from 'vitest'
import { describeToolResult } from '../../../server/core/llm/demo/demo-tool-words'

describe('describeToolResult', () => {
  it('tells the time in a sentence', () => {
    expect(describeToolResult('get_current_time', JSON.stringify({ iso: '2026-01-01T09:00:00+09:00', timezone: 'Asia/Tokyo', utcOffset: '+09:00', formatted: 'Thursday, 1 January 2026, 09:00' })))
      .toBe('In Asia/Tokyo it is Thursday, 1 January 2026, 09:00.')
  })

  it('gives a calculation as an equation', () => {
    expect(describeToolResult('calculate', JSON.stringify({ expression: '17% * 2340', result: 397.8 }))).toBe('17% * 2340 = **397.8**.')
  })

  it('says what failed', () => {
    expect(describeToolResult('calculate', JSON.stringify({ error: 'Undefined symbol x' }))).toBe('The calculate tool failed: Undefined symbol x.')
  })

  it('quotes anything else briefly', () => {
    expect(describeToolResult('web_search', 'plain words')).toBe('The web_search tool answered: plain words')
    expect(describeToolResult('web_search', 'x'.repeat(500)).length).toBeLessThan(340)
  })
})
