// The batched trace writer: a finish replaces its queued start (one row written), rows are written per
// user in one call after the interval, a failed write is reported and dropped without stopping later
// ones, and flush waits for the write in flight.
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
})
