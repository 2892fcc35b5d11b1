// The demo model's text rules for choosing a tool: time zones from a city table and arithmetic
// rewritten into mathjs syntax.
import { describe, expect, it } from 'vitest'
import { chooseDemoToolCall, findDemoExpression, findDemoTimezone } from '../../../server/core/llm/demo/demo-model-tools'

const both = new Set(['get_current_time', 'calculate'])

describe('demo model tool rules', () => {
  it('finds a time zone from a city or a written IANA zone', () => {
    expect(findDemoTimezone('What time is it in Tokyo?')).toBe('Asia/Tokyo')
    expect(findDemoTimezone('the clock in new york')).toBe('America/New_York')
    expect(findDemoTimezone('Time in Europe/Rome please')).toBe('Europe/Rome')
    expect(findDemoTimezone('What time is it?')).toBeUndefined()
  })

  it('rewrites arithmetic into mathjs syntax', () => {
    expect(findDemoExpression('What is 17% of 2,340?')).toBe('17% * 2340')
    expect(findDemoExpression('what is 2+2')).toBe('2+2')
    expect(findDemoExpression('Calculate the square root of 144')).toBe('sqrt(144)')
    expect(findDemoExpression('What is 12 times 3 plus 1,000,000?')).toBe('12 * 3 + 1000000')
    expect(findDemoExpression('no numbers here')).toBeUndefined()
  })

  it('chooses a tool only when the message asks for it and it is offered', () => {
    expect(chooseDemoToolCall('What time is it?', both)).toEqual({ name: 'get_current_time', arguments: {} })
    expect(chooseDemoToolCall('Calculate 42', both)).toEqual({ name: 'calculate', arguments: { expression: '42' } })
    expect(chooseDemoToolCall('I have 3 kids', both)).toBeUndefined()
    expect(chooseDemoToolCall('Sometimes I wonder', both)).toBeUndefined()
    expect(chooseDemoToolCall('What is 2+2?', new Set(['get_current_time']))).toBeUndefined()
  })
})

describe('demo tool parsing on hostile input', () => {
  // Each of these took seconds with the earlier quadratic patterns at 32,000 characters; 400,000 would take minutes.
  it('handles long digit, operator and whitespace runs in one pass', async () => {
    const { findDemoExpression } = await import('../../../server/core/llm/demo/demo-model-tools')
    expect(findDemoExpression('1'.repeat(400_000))).toHaveLength(400_000)
    expect(findDemoExpression(`2${'+'.repeat(400_000)}`)).toBe('2')
    expect(findDemoExpression(`17% of 2,340 ${' '.repeat(400_000)}x`)).toBe('17% * 2340')
  })
})
