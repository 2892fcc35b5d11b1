// Per-connection SSE limits: a replay larger than maxReplayBytes becomes a snapshot, a viewer whose
// socket stays full for viewerStallMs is dropped (and one that drains in time is kept), and the
// per-user connection cap counts and releases.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LiveJobRegistry } from '../../../server/core/jobs/events/live-job-registry'
import { SseConnectionLimit } from '../../../server/core/jobs/sse/sse-connection-limit'
import { FakeSink } from '../support/fake-sink'
import { makeJob } from '../support/make-job'

function makeRegistry(overrides: Partial<ConstructorParameters<typeof LiveJobRegistry>[0]> = {}) {
  return new LiveJobRegistry({
    replayBufferSize: 100, viewerQueueSize: 50, fanoutMode: 'off', fanoutMaxPendingDeltas: 10,
    fanoutIntervalMs: 100, pingIntervalMs: 15_000, ...overrides,
  })
}

describe('SSE limits', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('replaces a replay over maxReplayBytes with a snapshot', () => {
    const live = makeRegistry({ maxReplayBytes: 500 }).open(makeJob())
    for (let index = 0; index < 20; index++) live.pushDelta('x'.repeat(40))
    const short = new FakeSink()
    live.attach(short, 18)
    expect(short.events.map(event => event.type)).toEqual(['delta', 'delta'])
    const long = new FakeSink()
    live.attach(long, 0)
    expect(long.events).toEqual([expect.objectContaining({ type: 'snapshot', seq: 20 })])
  })

  it('drops a viewer whose socket stays full for viewerStallMs, and keeps one that drains in time', () => {
    const live = makeRegistry({ viewerStallMs: 1000 }).open(makeJob())
    const stuck = new FakeSink()
    const slow = new FakeSink()
    live.attach(stuck, undefined)
    live.attach(slow, undefined)
    stuck.writable = false
    slow.writable = false
    live.pushDelta('a')
    live.pushDelta('b')
    vi.advanceTimersByTime(900)
    slow.drain()
    vi.advanceTimersByTime(200)
    expect(stuck.destroyed).toBe(true)
    expect(slow.destroyed).toBe(false)
    expect(live.viewers.size).toBe(1)
  })

  it('caps open connections per user and frees a slot on release', () => {
    const limit = new SseConnectionLimit(2)
    const first = limit.acquire('a')
    expect(limit.acquire('a')).not.toBeNull()
    expect(limit.acquire('a')).toBeNull()
    expect(limit.acquire('b')).not.toBeNull()
    first?.()
    first?.()
    expect(limit.acquire('a')).not.toBeNull()
    expect(limit.acquire('a')).toBeNull()
  })
})
