// The batched trace writer: a finish replaces its queued start (one row written), a young running row
// waits for its finish, rows are written per user in one call after the interval, a failed write is
// reported and dropped without stopping later ones, and flush waits for the write in flight.
import { describe, expect, it, vi } from 'vitest'
import type { Trace } from '#shared/types/trace'
import { TraceWriter } from '../../../server/core/traces/trace-writer'
import { makeTrace } from '../../fixtures/make-trace'

function recordingStore(fail: () => boolean = () => false) {
  const calls: { userId: string; ids: string[]; outcomes: string[] }[] = []
  return {
    calls,
    async writeTraces(userId: string, traces: Trace[]) {
      await new Promise(resolve => setTimeout(resolve, 5))
      if (fail()) throw new Error('disk full')
      calls.push({ userId, ids: traces.map(trace => trace.id), outcomes: traces.map(trace => trace.outcome) })
    },
  }
}

describe('TraceWriter', () => {
  it('writes a step once, finished, and one call per user after the interval', async () => {
    const store = recordingStore()
    const writer = new TraceWriter({ store, intervalMs: 20 })
    const started = makeTrace({ id: 'a', jobId: 'j', outcome: 'running', finishedAt: null, latencyMs: null })
    writer.push('alice', started)
    writer.push('bob', makeTrace({ id: 'b', jobId: 'k' }))
    writer.push('alice', { ...started, outcome: 'success', finishedAt: started.startedAt + 5, latencyMs: 5 })
    writer.push('alice', makeTrace({ id: 'c', jobId: 'j' }))
    expect(store.calls).toEqual([])
    await vi.waitFor(() => expect(store.calls).toHaveLength(2))
    expect(store.calls).toEqual([
      { userId: 'alice', ids: ['a', 'c'], outcomes: ['success', 'success'] },
      { userId: 'bob', ids: ['b'], outcomes: ['success'] },
    ])
  })

  it('reports a failed write, drops it, and keeps writing later rows; flush waits for the write in flight', async () => {
    let failing = true
    const store = recordingStore(() => failing)
    const errors: unknown[] = []
    const writer = new TraceWriter({ store, intervalMs: 1000, onError: error => errors.push(error) })
    writer.push('alice', makeTrace({ id: 'lost', jobId: 'j' }))
    await writer.flush()
    expect(errors).toHaveLength(1)
    failing = false
    writer.push('alice', makeTrace({ id: 'kept', jobId: 'j' }))
    const first = writer.flush()
    writer.push('alice', makeTrace({ id: 'later', jobId: 'j' }))
    await Promise.all([first, writer.close()])
    expect(store.calls.flatMap(call => call.ids)).toEqual(['kept', 'later'])
  })

  it('holds a running row until it is holdRunningMs old, so a short step is written once, finished', async () => {
    const store = recordingStore()
    const writer = new TraceWriter({ store, intervalMs: 10, holdRunningMs: 150 })
    const short = makeTrace({ id: 'short', jobId: 'j', outcome: 'running', finishedAt: null, latencyMs: null, startedAt: Date.now() })
    const long = makeTrace({ id: 'long', jobId: 'j', outcome: 'running', finishedAt: null, latencyMs: null, startedAt: Date.now() })
    writer.push('alice', short)
    writer.push('alice', long)
    await new Promise(resolve => setTimeout(resolve, 60))
    expect(store.calls).toEqual([])
    writer.push('alice', { ...short, outcome: 'success', finishedAt: short.startedAt + 60, latencyMs: 60 })
    await writer.flush({ holdRunning: true })
    expect(store.calls).toEqual([{ userId: 'alice', ids: ['short'], outcomes: ['success'] }])
    // The long step's running row goes out once it is old enough, without a finish.
    await vi.waitFor(() => expect(store.calls).toHaveLength(2), { timeout: 2000 })
    expect(store.calls[1]).toEqual({ userId: 'alice', ids: ['long'], outcomes: ['running'] })

    const closing = new TraceWriter({ store, intervalMs: 10_000, holdRunningMs: 60_000 })
    closing.push('bob', makeTrace({ id: 'open', jobId: 'k', outcome: 'running', finishedAt: null, latencyMs: null, startedAt: Date.now() }))
    await closing.close()
    expect(store.calls[2]).toEqual({ userId: 'bob', ids: ['open'], outcomes: ['running'] })
  })
})
