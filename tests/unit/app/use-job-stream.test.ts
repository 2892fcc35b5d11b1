// Pins useJobStream's connection handling against a fake EventSource: applying frames, closing on the end
// frame or a terminal status, letting EventSource reconnect, re-opening after it gave up, and detaching.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, watch } from 'vue'
import { jobStreamUrl, useJobStream } from '../../../app/composables/useJobStream'
import type { UseJobStreamOptions } from '../../../app/composables/useJobStream'
import { FakeEventSource } from './fake-event-source'

const latest = (): FakeEventSource => FakeEventSource.latest()

function setup(options: UseJobStreamOptions = {}) {
  const scope = effectScope()
  const stream = scope.run(() => useJobStream(options))
  if (!stream) throw new Error('useJobStream returned nothing')
  return { stream, scope }
}

beforeEach(() => {
  FakeEventSource.instances = []
  vi.stubGlobal('EventSource', FakeEventSource)
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('useJobStream', () => {
  it('builds the stream URL with ?after only when resuming', () => {
    expect(jobStreamUrl('job 1', 0)).toBe('/api/jobs/job%201/stream')
    expect(jobStreamUrl('job-1', 12)).toBe('/api/jobs/job-1/stream?after=12')
  })

  it('applies frames, ignores replays and closes on a terminal status', () => {
    const onClose = vi.fn()
    const { stream } = setup({ onClose })
    stream.attach('job-1')
    const source = latest()
    source.open()
    source.send({ type: 'status', seq: 1, status: 'streaming' })
    source.send({ type: 'delta', seq: 2, text: 'Hi', at: 1 })
    source.send({ type: 'delta', seq: 2, text: 'Hi', at: 1 })
    source.send({ type: 'delta', seq: 3, text: ' there', at: 2 })
    expect(stream.content.value).toBe('Hi there')
    expect(stream.connection.value).toBe('open')
    source.send({ type: 'status', seq: 4, status: 'complete' })
    expect(source.readyState).toBe(FakeEventSource.CLOSED)
    expect(stream.connection.value).toBe('closed')
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(onClose.mock.calls[0]?.[0]).toMatchObject({ status: 'complete', content: 'Hi there', lastSeq: 4 })
  })

  it('closes on the end frame even without a status event', () => {
    const onClose = vi.fn()
    const { stream } = setup({ onClose })
    stream.attach('job-1')
    latest().emit('end')
    expect(latest().readyState).toBe(FakeEventSource.CLOSED)
    expect(onClose).toHaveBeenCalledTimes(1)
  })

  it('lets EventSource reconnect by itself (Last-Event-ID) while the job runs', () => {
    const { stream } = setup()
    stream.attach('job-1')
    const source = latest()
    source.send({ type: 'delta', seq: 1, text: 'a', at: 1 })
    source.fail(false)
    expect(stream.connection.value).toBe('connecting')
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(source.readyState).toBe(FakeEventSource.CONNECTING)
  })

  it('re-opens after EventSource gave up, resuming after the last applied seq, then stops after the limit', () => {
    const onClose = vi.fn()
    const { stream } = setup({ onClose, maxReconnectAttempts: 2, reconnectDelayMs: 100 })
    stream.attach('job-1')
    latest().send({ type: 'delta', seq: 1, text: 'a', at: 1 })
    latest().send({ type: 'delta', seq: 2, text: 'b', at: 1 })
    latest().fail(true)
    vi.advanceTimersByTime(100)
    expect(FakeEventSource.instances).toHaveLength(2)
    expect(latest().url).toBe('/api/jobs/job-1/stream?after=2')
    latest().fail(true)
    vi.advanceTimersByTime(199)
    expect(FakeEventSource.instances).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(FakeEventSource.instances).toHaveLength(3)
    latest().fail(true)
    vi.advanceTimersByTime(10_000)
    expect(FakeEventSource.instances).toHaveLength(3)
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(stream.content.value).toBe('ab')
  })

  it('re-attaching to the same job keeps its state and resumes after its seq', () => {
    const { stream } = setup()
    stream.attach('job-1')
    latest().send({ type: 'delta', seq: 1, text: 'kept', at: 1 })
    stream.attach('job-1')
    expect(latest().url).toBe('/api/jobs/job-1/stream?after=1')
    expect(stream.content.value).toBe('kept')
    stream.attach('job-2')
    expect(latest().url).toBe('/api/jobs/job-2/stream')
    expect(stream.content.value).toBe('')
  })

  it('detaches without onClose when its scope is disposed', () => {
    const onClose = vi.fn()
    const { stream, scope } = setup({ onClose })
    stream.attach('job-1')
    const source = latest()
    scope.stop()
    expect(source.readyState).toBe(FakeEventSource.CLOSED)
    expect(stream.jobId.value).toBeNull()
    expect(onClose).not.toHaveBeenCalled()
  })

  it('says it is reconnecting only after the stream was open, and stops saying so when it is back', () => {
    const { stream } = setup()
    stream.attach('job-1')
    const source = latest()
    expect(stream.connection.value).toBe('connecting')
    expect(stream.reconnecting.value).toBe(false)
    source.open()
    source.fail(false)
    expect(stream.reconnecting.value).toBe(true)
    source.open()
    expect(stream.reconnecting.value).toBe(false)
    stream.attach('job-2')
    expect(stream.reconnecting.value).toBe(false)
  })

  describe('in a visible page', () => {
    let frames: FrameRequestCallback[] = []
    const runFrame = () => {
      const due = frames
      frames = []
      due.forEach(callback => callback(0))
    }
    beforeEach(() => {
      frames = []
      vi.stubGlobal('document', { visibilityState: 'visible' })
      vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback))
      vi.stubGlobal('cancelAnimationFrame', (id: number) => { frames[id - 1] = () => {} })
    })

    it('shows a burst of deltas once, on the next animation frame', () => {
      const { stream } = setup()
      stream.attach('job-1')
      const source = latest()
      source.open()
      let renders = 0
      const stop = watch(() => stream.content.value, () => { renders += 1 }, { flush: 'sync' })
      for (const [index, word] of ['one', ' two', ' three'].entries()) source.send({ type: 'delta', seq: index + 1, text: word, at: 1 })
      expect(stream.content.value).toBe('')
      expect(frames).toHaveLength(1)
      runFrame()
      expect(stream.content.value).toBe('one two three')
      expect(renders).toBe(1)
      stop()
    })

    it('shows any other event at once, with the text that came before it', () => {
      const onClose = vi.fn()
      const { stream } = setup({ onClose })
      stream.attach('job-1')
      const source = latest()
      source.send({ type: 'delta', seq: 1, text: 'Hi', at: 1 })
      source.send({ type: 'status', seq: 2, status: 'complete' })
      expect(stream.content.value).toBe('Hi')
      expect(stream.status.value).toBe('complete')
      expect(onClose.mock.calls[0]?.[0]).toMatchObject({ content: 'Hi', lastSeq: 2 })
      runFrame()
      expect(stream.content.value).toBe('Hi')
    })

    it('publishes at once while the page is hidden (it runs no frames)', () => {
      vi.stubGlobal('document', { visibilityState: 'hidden' })
      const { stream } = setup()
      stream.attach('job-1')
      latest().send({ type: 'delta', seq: 1, text: 'now', at: 1 })
      expect(stream.content.value).toBe('now')
      expect(frames).toHaveLength(0)
    })
  })
})
