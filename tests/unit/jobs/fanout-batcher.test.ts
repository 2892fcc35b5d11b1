import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobEventBody } from '#shared/types/job-event'
import { FanoutBatcher } from '../../../server/core/jobs/events/fanout-batcher'

function makeBatcher(enabled = true) {
  const emitted: JobEventBody[] = []
  const batcher = new FanoutBatcher({ enabled, maxPending: 10, intervalMs: 100, emit: body => emitted.push(body) })
  return { batcher, emitted }
}

describe('FanoutBatcher', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('flushes when 10 deltas are pending, as one coalesced delta', () => {
    const { batcher, emitted } = makeBatcher()
    for (let index = 0; index < 9; index += 1) batcher.pushDelta(`${index}`)
    expect(emitted).toHaveLength(0)
    batcher.pushDelta('9')
    expect(emitted).toEqual([{ type: 'delta', text: '0123456789', at: expect.any(Number) }])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('flushes 100 ms after the last broadcast when fewer are pending', () => {
    const { batcher, emitted } = makeBatcher()
    batcher.pushEvent({ type: 'status', status: 'streaming' })
    emitted.length = 0
    batcher.pushDelta('a')
    batcher.pushDelta('b')
    vi.advanceTimersByTime(99)
    expect(emitted).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(emitted).toEqual([{ type: 'delta', text: 'ab', at: expect.any(Number) }])
  })

  it('sends a delta after a long silence on the next tick, without waiting', () => {
    const { batcher, emitted } = makeBatcher()
    batcher.pushEvent({ type: 'status', status: 'streaming' })
    vi.advanceTimersByTime(500)
    batcher.pushDelta('late')
    vi.advanceTimersByTime(0)
    expect(emitted.map(event => event.type)).toEqual(['status', 'delta'])
  })

  it('counts the interval from the last broadcast', () => {
    const { batcher, emitted } = makeBatcher()
    batcher.pushEvent({ type: 'status', status: 'streaming' })
    vi.advanceTimersByTime(60)
    batcher.pushDelta('a')
    vi.advanceTimersByTime(40)
    expect(emitted.map(event => event.type)).toEqual(['status', 'delta'])
  })

  it('flushes pending text before a non-delta event, so order holds', () => {
    const { batcher, emitted } = makeBatcher()
    batcher.pushDelta('partial ')
    batcher.pushEvent({ type: 'usage', usage: { promptTokens: 1, completionTokens: 2, cachedTokens: 0, reasoningTokens: 0 } })
    expect(emitted.map(event => event.type)).toEqual(['delta', 'usage'])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('flushes pending text before a terminal status', () => {
    const { batcher, emitted } = makeBatcher()
    batcher.pushDelta('last words')
    batcher.pushEvent({ type: 'status', status: 'complete' })
    expect(emitted).toEqual([
      { type: 'delta', text: 'last words', at: expect.any(Number) },
      { type: 'status', status: 'complete' },
    ])
  })

  it('keeps the receive time of the first token of a batch', () => {
    const { batcher, emitted } = makeBatcher()
    batcher.pushDelta('a', 1000)
    batcher.pushDelta('b', 1050)
    batcher.flush()
    expect(emitted[0]).toMatchObject({ at: 1000 })
  })

  it('emits every delta at once when batching is off', () => {
    const { batcher, emitted } = makeBatcher(false)
    batcher.pushDelta('a')
    batcher.pushDelta('b')
    expect(emitted.map(event => event.type === 'delta' && event.text)).toEqual(['a', 'b'])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('dispose drops the timer', () => {
    const { batcher, emitted } = makeBatcher()
    batcher.pushDelta('a')
    expect(vi.getTimerCount()).toBe(1)
    batcher.dispose()
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(500)
    expect(emitted).toHaveLength(0)
  })
})
