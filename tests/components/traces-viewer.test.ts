// The trace viewer: rows grouped by turn, latency and hit-rate colours at their thresholds, parallel
// calls placed side by side on the turn's axis, expand for input/output/error, the cumulative footer,
// a changed prefix flagged, more pages on demand, and live rows from the job's stream.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { getQuery } from 'h3'
import { defineComponent, h, type Component } from 'vue'
import { UApp } from '#components'
import TracesPane from '~/components/traces/TracesPane.vue'
import TraceTurn from '~/components/traces/TraceTurn.vue'
import { deriveTraceTurns, hitRateTone, latencyTone } from '~/utils/trace-view'
import type { Trace } from '#shared/types/trace'
import { makeTrace } from '../fixtures/make-trace'
import { FakeEventSource } from '../unit/app/fake-event-source'

const T0 = 1_700_000_000_000
const segments = { system: 30, tools: 400, history: 0, input: 12, systemHash: 'sys-1', toolsHash: 'tools-1' }

/** Turn 1: a model round, two parallel tool calls, a final round. Turn 2: one round, another tool set. */
const conversation: Trace[] = [
  makeTrace({ id: 'a', jobId: 'job-1', turn: 1, kind: 'llm', name: 'mock/model', startedAt: T0, finishedAt: T0 + 800, latencyMs: 800, promptTokens: 1000, cacheReadTokens: 0, segments }),
  makeTrace({ id: 'b', jobId: 'job-1', turn: 1, name: 'get_current_time', startedAt: T0 + 800, finishedAt: T0 + 1800, latencyMs: 1000 }),
  makeTrace({ id: 'c', jobId: 'job-1', turn: 1, name: 'calculate', startedAt: T0 + 800, finishedAt: T0 + 6000, latencyMs: 5200, outcome: 'error', error: 'division by zero', input: { expression: '1/0' } }),
  makeTrace({ id: 'd', jobId: 'job-1', turn: 1, kind: 'llm', name: 'mock/model', startedAt: T0 + 6000, finishedAt: T0 + 10_000, latencyMs: 999, promptTokens: 1000, cacheReadTokens: 600, segments }),
  makeTrace({ id: 'e', jobId: 'job-2', turn: 2, kind: 'llm', name: 'mock/model', startedAt: T0 + 20_000, finishedAt: T0 + 20_500, latencyMs: 500, promptTokens: 1000, cacheReadTokens: 290, segments: { ...segments, toolsHash: 'tools-2' } }),
]

let unregister: Array<() => void> = []

/** Mounts inside UApp, which tooltips need. */
function mountInApp(component: Component, props: Record<string, unknown>) {
  return mountSuspended(defineComponent({ setup: () => () => h(UApp, null, { default: () => h(component, props) }) }))
}

beforeEach(() => {
  FakeEventSource.instances = []
  vi.stubGlobal('EventSource', FakeEventSource)
})

afterEach(() => {
  for (const off of unregister) off()
  unregister = []
  vi.unstubAllGlobals()
})

describe('trace view rules', () => {
  it('colours latency green below 1 s, yellow below 5 s, red from 5 s', () => {
    expect([999, 1000, 4999, 5000].map(latencyTone)).toEqual(['success', 'warning', 'warning', 'error'])
    expect(latencyTone(null)).toBeNull()
  })

  it('colours the hit rate green from 60 %, yellow from 30 %, red below', () => {
    expect([0.6, 0.599, 0.3, 0.294, 0.0].map(hitRateTone)).toEqual(['success', 'success', 'warning', 'error', 'error'])
    expect(hitRateTone(0.594)).toBe('warning')
  })

  it('groups by turn, places parallel calls at the same offset, and flags a changed prefix', () => {
    const turns = deriveTraceTurns(conversation)
    expect(turns.map(turn => [turn.turn, turn.calls.map(call => call.trace.id)])).toEqual([[1, ['a', 'b', 'c', 'd']], [2, ['e']]])
    const [b, c] = [turns[0]!.calls[1]!, turns[0]!.calls[2]!]
    expect(b.offsetPct).toBe(8)
    expect(c.offsetPct).toBe(8)
    expect(b.widthPct).toBe(10)
    expect(c.widthPct).toBeCloseTo(52)
    expect(turns[0]!.cache).toMatchObject({ promptTokens: 2000, cachedTokens: 600, rate: 0.3, tone: 'warning' })
    expect(turns[0]!.prefixChange).toBeNull()
    expect(turns[1]!.prefixChange).toBe('Prefix changed: the tool set changed')
  })
})

describe('TraceTurn', () => {
  it('shows the calls with badges, coloured and placed latency bars, the hit-rate badge and the segment breakdown', async () => {
    const [turn] = deriveTraceTurns(conversation)
    const wrapper = await mountInApp(TraceTurn, { turn: turn! })
    const calls = wrapper.findAll('[data-testid="trace-call"]')
    expect(calls.map(call => call.find('[data-testid="trace-badge"]').text())).toEqual(['mock/model', 'get_current_time', 'calculate', 'mock/model'])
    const bars = wrapper.findAll('[data-testid="latency-bar"]')
    expect(bars.map(bar => bar.attributes('data-tone'))).toEqual(['success', 'warning', 'error', 'success'])
    expect(bars.map(bar => bar.classes().find(name => /^bg-(success|warning|error)$/.test(name)))).toEqual(['bg-success', 'bg-warning', 'bg-error', 'bg-success'])
    // Parallel calls start at the same place on the turn's axis.
    expect(bars[1]!.attributes('style')).toContain('left: 8%')
    expect(bars[2]!.attributes('style')).toContain('left: 8%')
    expect(bars[3]!.attributes('style')).toContain('left: 60%')
    const badge = wrapper.get('[data-testid="hit-rate"]')
    expect(badge.text()).toBe('30 % cached')
    expect(badge.attributes('data-tone')).toBe('warning')
    expect(wrapper.get('[data-testid="cache-bar-cached"]').attributes('style')).toContain('width: 30%')
    expect(wrapper.get('[data-testid="cache-bar"]').attributes('aria-label')).toBe(
      '600 cached / 1.4k uncached prompt tokens. Estimated: system 30, tools 400, history 0, new input 12')
  })

  it('expands a call to its formatted input, output and error, and collapses the turn', async () => {
    const [turn] = deriveTraceTurns(conversation)
    const wrapper = await mountInApp(TraceTurn, { turn: turn! })
    const failing = wrapper.findAll('[data-testid="trace-call"]')[2]!
    expect(failing.find('[data-testid="trace-details"]').exists()).toBe(false)
    await failing.get('[data-testid="trace-call-toggle"]').trigger('click')
    expect(failing.get('[data-testid="trace-error"]').text()).toBe('division by zero')
    expect(failing.get('[data-testid="trace-input"]').text()).toBe('{\n  "expression": "1/0"\n}')
    const ok = wrapper.findAll('[data-testid="trace-call"]')[1]!
    await ok.get('[data-testid="trace-call-toggle"]').trigger('click')
    expect(ok.get('[data-testid="trace-output"]').text()).toBe('{\n  "result": "2"\n}')
    await wrapper.get('[data-testid="trace-turn-toggle"]').trigger('click')
    expect(wrapper.get('[data-testid="trace-calls"]').attributes('style')).toContain('display: none')
  })
})

describe('TracesPane', () => {
  it('loads the thread\'s traces, shows the cumulative rate, loads the next page and takes live rows', async () => {
    const many = Array.from({ length: 60 }, (_, index) => makeTrace({
      id: `row-${String(index).padStart(2, '0')}`, jobId: 'job-3', turn: 3, kind: 'llm', name: 'mock/model', startedAt: T0 + 30_000 + index,
      promptTokens: 100, cacheReadTokens: 75,
    }))
    const all = [...conversation, ...many]
    unregister.push(registerEndpoint('/api/threads/thread-1/traces', (event) => {
      const { cursor } = getQuery(event)
      return cursor ? { traces: all.slice(50), next_cursor: null } : { traces: all.slice(0, 50), next_cursor: 'page-2' }
    }))
    const wrapper = await mountInApp(TracesPane, { threadId: 'thread-1', liveJobId: 'job-4' })
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="trace-call"]')).toHaveLength(50))
    expect(wrapper.findAll('[data-testid="trace-turn"]').map(turn => turn.attributes('data-turn'))).toEqual(['1', '2', '3'])
    await wrapper.get('[data-testid="traces-more"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="trace-call"]')).toHaveLength(65))
    expect(wrapper.find('[data-testid="traces-more"]').exists()).toBe(false)
    // 3000 prompt tokens with 890 cached in turns 1–2, 6000 with 4500 cached in turn 3.
    expect(wrapper.get('[data-testid="traces-footer"]').text()).toBe('Cache hit rate: 60 % (5.4K/9K tokens)')

    const source = FakeEventSource.latest()
    expect(source.url).toBe('/api/jobs/job-4/stream?after=0')
    const live = makeTrace({ id: 'live', jobId: 'job-4', turn: 4, name: 'calculate', startedAt: T0 + 40_000, finishedAt: null, latencyMs: null, outcome: 'running' })
    source.send({ type: 'trace', seq: 7, trace: live })
    await vi.waitFor(() => expect(wrapper.find('[data-trace-id="live"]').attributes('data-outcome')).toBe('running'))
    source.send({ type: 'trace', seq: 8, trace: { ...live, finishedAt: T0 + 40_300, latencyMs: 300, outcome: 'success' } })
    await vi.waitFor(() => expect(wrapper.find('[data-trace-id="live"]').attributes('data-outcome')).toBe('success'))
    // A late running copy never undoes a finish.
    source.send({ type: 'trace', seq: 9, trace: live })
    await wrapper.vm.$nextTick()
    expect(wrapper.find('[data-trace-id="live"]').attributes('data-outcome')).toBe('success')
    expect(wrapper.findAll('[data-testid="trace-turn"]').map(turn => turn.attributes('data-turn'))).toEqual(['1', '2', '3', '4'])
  })

  it('reads the live job\'s stored rows when its stream answers with a snapshot instead of a replay', async () => {
    const stored = makeTrace({ id: 'stored', jobId: 'job-5', turn: 1, name: 'get_current_time' })
    unregister.push(registerEndpoint('/api/threads/thread-2/traces', () => ({ traces: [], next_cursor: null })))
    unregister.push(registerEndpoint('/api/jobs/job-5/traces', () => ({ traces: [stored], next_cursor: null })))
    const wrapper = await mountInApp(TracesPane, { threadId: 'thread-2', liveJobId: 'job-5' })
    await vi.waitFor(() => expect(wrapper.find('[data-testid="traces-empty"]').exists()).toBe(true))
    FakeEventSource.latest().send({ type: 'snapshot', seq: 10_000, job: {} })
    await vi.waitFor(() => expect(wrapper.find('[data-trace-id="stored"]').exists()).toBe(true))
  })
})
