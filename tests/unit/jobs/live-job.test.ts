import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LiveJobRegistry } from '../../../server/core/jobs/events/live-job-registry'
import { FakeSink } from '../support/fake-sink'
import { makeJob } from '../support/make-job'

function makeRegistry(overrides: Partial<ConstructorParameters<typeof LiveJobRegistry>[0]> = {}) {
  return new LiveJobRegistry({
    replayBufferSize: 100, viewerQueueSize: 50, fanoutMode: 'fixed', fanoutMaxPendingDeltas: 10,
    fanoutIntervalMs: 100, pingIntervalMs: 15_000, ...overrides,
  })
}

const textOf = (sink: FakeSink) => sink.events.reduce((text, event) => {
  if (event.type === 'snapshot') return event.job.content
  return event.type === 'delta' ? text + event.text : text
}, '')

describe('LiveJob and its registry', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('gives several viewers the same sequence and ends them on a terminal status', () => {
    const registry = makeRegistry()
    const live = registry.open(makeJob())
    const first = new FakeSink()
    const second = new FakeSink()
    live.attach(first, 0)
    live.attach(second, 0)
    live.emit({ type: 'status', status: 'streaming' })
    for (const word of ['Hello', ' there', ',', ' friend']) live.pushDelta(word)
    live.emit({ type: 'status', status: 'complete' })
    expect(first.events).toEqual(second.events)
    expect(first.events.map(event => event.seq)).toEqual([1, 2, 3])
    expect(textOf(first)).toBe('Hello there, friend')
    expect(first.sawEnd && first.ended).toBe(true)
    expect(registry.size).toBe(0)
  })

  it('replays what a returning viewer missed, and sends a snapshot when the ring lost it', () => {
    const registry = makeRegistry({ replayBufferSize: 3, fanoutMode: 'off' })
    const live = registry.open(makeJob())
    for (const word of ['a', 'b', 'c', 'd', 'e']) live.pushDelta(word)
    const recent = new FakeSink()
    live.attach(recent, 3)
    expect(recent.events.map(event => event.seq)).toEqual([4, 5])
    const old = new FakeSink()
    live.attach(old, 1)
    expect(old.events).toEqual([expect.objectContaining({ type: 'snapshot', seq: 5 })])
    expect(textOf(old)).toBe('abcde')
    live.pushDelta('f')
    expect(textOf(old)).toBe('abcdef')
    expect(textOf(recent)).toBe('def')
  })

  it('a first attach (no cursor) gets a snapshot of the state so far, pending text included', () => {
    const registry = makeRegistry()
    const live = registry.open(makeJob())
    const watcher = new FakeSink()
    live.attach(watcher, 0)
    live.emit({ type: 'status', status: 'streaming' })
    live.pushDelta('one')
    live.flushPending()
    live.pushDelta(' two')
    const sink = new FakeSink()
    live.attach(sink, undefined)
    expect(sink.events).toEqual([expect.objectContaining({ type: 'snapshot', seq: 3 })])
    expect(textOf(sink)).toBe('one two')
    expect(textOf(watcher)).toBe('one two')
  })

  it('a re-join gets pending text at once in its replay, without waiting for the batch window', () => {
    const registry = makeRegistry()
    const live = registry.open(makeJob())
    live.emit({ type: 'status', status: 'streaming' })
    live.pushDelta('first ')
    live.flushPending()
    live.pushDelta('waiting ')
    live.pushDelta('text')
    const rejoin = new FakeSink()
    live.attach(rejoin, 2)
    expect(rejoin.events).toEqual([{ type: 'delta', text: 'waiting text', at: expect.any(Number), seq: 3 }])
    live.pushDelta(' more')
    live.emit({ type: 'status', status: 'complete' })
    expect(textOf(rejoin)).toBe('waiting text more')
  })

  it('drops a viewer whose queue overflows while the socket is full', () => {
    const registry = makeRegistry({ viewerQueueSize: 3, fanoutMode: 'off' })
    const live = registry.open(makeJob())
    const slow = new FakeSink()
    live.attach(slow, 0)
    slow.writable = false
    for (let index = 0; index < 6; index += 1) live.pushDelta(`${index}`)
    expect(slow.destroyed).toBe(true)
    expect(live.viewers.size).toBe(0)
  })

  it('delivers queued frames in order after drain', () => {
    const registry = makeRegistry({ viewerQueueSize: 10, fanoutMode: 'off' })
    const live = registry.open(makeJob())
    const sink = new FakeSink()
    live.attach(sink, 0)
    sink.writable = false
    live.pushDelta('a')
    live.pushDelta('b')
    sink.drain()
    live.pushDelta('c')
    expect(sink.events.map(event => event.seq)).toEqual([1, 2, 3])
  })

  it('a finished job stays live while watched and is released when the last viewer leaves', () => {
    const registry = makeRegistry()
    const live = registry.open(makeJob())
    const sink = new FakeSink()
    live.attach(sink, 0)
    sink.emit('close')
    expect(registry.size).toBe(1)
    const watcher = new FakeSink()
    live.attach(watcher, 0)
    live.emit({ type: 'status', status: 'aborted' })
    expect(registry.size).toBe(0)
  })

  it('pings every viewer with one shared timer, released with the last job', () => {
    const registry = makeRegistry({ pingIntervalMs: 1000 })
    const live = registry.open(makeJob())
    const sink = new FakeSink()
    live.attach(sink, 0)
    vi.advanceTimersByTime(1000)
    expect(sink.raw).toContain(': ping')
    live.emit({ type: 'status', status: 'complete' })
    expect(registry.hasPingTimer).toBe(false)
  })

  it('leaves no entry, timer or listener after 100 finished jobs with no viewers', () => {
    const registry = makeRegistry()
    const sinks: FakeSink[] = []
    for (let index = 0; index < 100; index += 1) {
      const live = registry.open(makeJob())
      if (index % 2 === 0) {
        const sink = new FakeSink()
        sinks.push(sink)
        live.attach(sink, 0)
      }
      live.emit({ type: 'status', status: 'streaming' })
      live.pushDelta('some text')
      live.emit({ type: 'status', status: index % 3 === 0 ? 'aborted' : 'complete' })
    }
    expect(registry.size).toBe(0)
    expect(registry.viewerCount).toBe(0)
    expect(registry.hasPingTimer).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
    for (const sink of sinks) {
      expect(sink.listenerCount('close') + sink.listenerCount('drain')).toBe(0)
    }
  })
})

describe('adaptive fan-out in a live job', () => {
  /** A socket whose every write takes `writeMs` of CPU, so a broadcast to a few of them is costly. */
  class SlowSink extends FakeSink {
    constructor(private readonly writeMs: number) { super() }
    override write(chunk: string): boolean {
      const until = performance.now() + this.writeMs
      while (performance.now() < until) { /* busy: a costly socket write */ }
      return super.write(chunk)
    }
  }
  const turn = () => new Promise(resolve => setImmediate(resolve))

  it('sends at the end of the turn to cheap viewers, and batches once broadcasts get costly', async () => {
    const registry = makeRegistry({ fanoutMode: 'adaptive', fanoutMaxWindowMs: 50 })
    const cheap = registry.open(makeJob())
    const fast = new FakeSink()
    cheap.attach(fast, 0)
    cheap.pushDelta('a')
    cheap.pushDelta('b')
    await turn()
    expect(fast.events.map(event => event.type === 'delta' && event.text)).toEqual(['ab'])
    cheap.pushDelta('c')
    await turn()
    expect(textOf(fast)).toBe('abc')

    const costly = registry.open(makeJob())
    const slow = Array.from({ length: 4 }, () => new SlowSink(2))
    for (const sink of slow) costly.attach(sink, 0)
    costly.pushDelta('x')
    await turn()
    // The broadcast took ≥ 8 ms: the next text waits for the ≥ 24 ms gap, then goes out whole.
    costly.pushDelta('y')
    await turn()
    expect(textOf(slow[0]!)).toBe('x')
    costly.pushDelta('z')
    await new Promise(resolve => setTimeout(resolve, 80))
    for (const sink of slow) expect(sink.events.map(event => event.type === 'delta' && event.text)).toEqual(['x', 'yz'])
    costly.emit({ type: 'status', status: 'complete' })
    cheap.emit({ type: 'status', status: 'complete' })
    expect(registry.size).toBe(0)
  })
})

describe('replaying a long log', () => {
  it('replays more events than the viewer queue holds without dropping the viewer', () => {
    const registry = new LiveJobRegistry({
      replayBufferSize: 5000, viewerQueueSize: 10, fanoutMode: 'off', fanoutMaxPendingDeltas: 10, fanoutIntervalMs: 100, pingIntervalMs: 15_000,
    })
    const live = registry.open(makeJob())
    for (let index = 0; index < 2000; index += 1) live.pushDelta(`${index} `)
    const sink = new FakeSink()
    sink.writable = false
    live.attach(sink, 0)
    expect(sink.destroyed).toBe(false)
    sink.drain()
    expect(sink.events).toHaveLength(2000)
    expect(sink.events.at(-1)!.seq).toBe(2000)
  })
})
