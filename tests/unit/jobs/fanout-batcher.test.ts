import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobEventBody } from '#shared/types/job-event'
import { FanoutBatcher, type FanoutAudience, type FanoutMode } from '../../../server/core/jobs/events/fanout-batcher'

function makeBatcher(mode: FanoutMode = 'fixed', audience: FanoutAudience = { viewers: 10, backedUp: 0, lastBroadcastCostMs: 0.05 }) {
  const emitted: JobEventBody[] = []
  const batcher = new FanoutBatcher({ mode, maxPending: 10, intervalMs: 100, audience: () => audience, emit: body => emitted.push(body) })
  return { batcher, emitted, audience }
}

const texts = (emitted: JobEventBody[]) => emitted.map(event => (event.type === 'delta' ? event.text : event.type))

describe('FanoutBatcher, adaptive mode', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('coalesces what arrives within one event-loop turn and sends it at the end of that turn', () => {
    const { batcher, emitted } = makeBatcher('adaptive')
    batcher.pushDelta('a ')
    batcher.pushDelta('b ')
    expect(emitted).toHaveLength(0)
    vi.advanceTimersByTime(0)
    expect(emitted).toEqual([{ type: 'delta', text: 'a b ', at: expect.any(Number) }])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('sends each turn\'s text on its own while broadcasts are cheap, in order and exact', () => {
    const { batcher, emitted } = makeBatcher('adaptive')
    for (const word of ['one ', 'two ', 'three ']) {
      batcher.pushDelta(word)
      vi.advanceTimersByTime(5)
    }
    expect(texts(emitted)).toEqual(['one ', 'two ', 'three '])
  })

  it('holds text until the duty-cycle gap has passed when the last broadcast was costly', () => {
    const { batcher, emitted } = makeBatcher('adaptive', { viewers: 1000, backedUp: 0, lastBroadcastCostMs: 10 })
    // A broadcast at t = 0 that cost 10 ms ends at 10; the gap is 4 × (10 − 1) = 36, so the next goes out at t = 46.
    batcher.pushEvent({ type: 'status', status: 'streaming' })
    vi.advanceTimersByTime(5)
    batcher.pushDelta('second ')
    vi.advanceTimersByTime(20)
    batcher.pushDelta('third ')
    vi.advanceTimersByTime(20)
    expect(texts(emitted)).toEqual(['status'])
    vi.advanceTimersByTime(1)
    expect(texts(emitted)).toEqual(['status', 'second third '])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('flushes pending text before a non-delta event and leaves nothing scheduled', () => {
    const { batcher, emitted } = makeBatcher('adaptive')
    batcher.pushDelta('partial ')
    batcher.pushEvent({ type: 'status', status: 'complete' })
    expect(texts(emitted)).toEqual(['partial ', 'status'])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('dispose drops the scheduled turn and the window timer without emitting', () => {
    const turn = makeBatcher('adaptive')
    turn.batcher.pushDelta('a')
    expect(vi.getTimerCount()).toBe(1)
    turn.batcher.dispose()
    expect(vi.getTimerCount()).toBe(0)
    const windowed = makeBatcher('adaptive', { viewers: 1000, backedUp: 0, lastBroadcastCostMs: 10 })
    windowed.batcher.pushEvent({ type: 'status', status: 'streaming' })
    windowed.batcher.pushDelta('b')
    vi.advanceTimersByTime(0)
    expect(vi.getTimerCount()).toBe(1)
    windowed.batcher.dispose()
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(500)
    expect(texts(turn.emitted)).toEqual([])
    expect(texts(windowed.emitted)).toEqual(['status'])
  })
})

describe('FanoutBatcher, fixed mode', () => {
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
    const { batcher, emitted } = makeBatcher('off')
    batcher.pushDelta('a')
    batcher.pushDelta('b')
    expect(emitted.map(event => event.type === 'delta' && event.text)).toEqual(['a', 'b'])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('dispose drops the fixed window\'s timer', () => {
    const { batcher, emitted } = makeBatcher()
    batcher.pushDelta('a')
    expect(vi.getTimerCount()).toBe(1)
    batcher.dispose()
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(500)
    expect(emitted).toHaveLength(0)
  })
})
