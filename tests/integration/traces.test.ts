// Traces through the built server and the mock model: one finished row per model round and tool call
// with its latency and outcome, the cache figures of each provider's usage dialect in the rows, keyset
// pages over more than 60 rows with no row twice or missed, the turn filter, limits, 404 for another
// user, and a system prompt and tool-schema prefix byte-identical across turns and threads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '#shared/types/job'
import type { Trace, TracePage } from '#shared/types/trace'
import { compareTraces } from '../../shared/rules/trace-order'
import { startChatFixture, type ChatFixture } from './support/chat-fixture'

let fixture: ChatFixture

beforeAll(async () => { fixture = await startChatFixture() })
afterAll(async () => { await fixture?.close() })

/** The job's traces once there are `expected` and none is running (a guard; the store has them when the job ends). */
async function settledJobTraces(jobId: string, expected: number): Promise<Trace[]> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const { status, body } = await fixture.server.api<TracePage>(`/api/jobs/${jobId}/traces?limit=200`)
    expect(status).toBe(200)
    if (body.traces.length >= expected && body.traces.every(trace => trace.outcome !== 'running')) return body.traces
    if (Date.now() > deadline) throw new Error(`job ${jobId} has ${body.traces.length} traces: ${JSON.stringify(body.traces.map(trace => trace.outcome))}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

async function finishedJob(scenario: string, options: { threadId?: string } = {}): Promise<Job> {
  const ids = await fixture.send(scenario, options)
  const job = await fixture.waitForJob(ids.jobId)
  expect(job.status).toBe('complete')
  return job
}

describe('traces of a run', () => {
  it('leaves exactly one finished row per model round and tool call, with latency and outcome', async () => {
    const job = await finishedJob('tool-parallel')
    // Stored before the job was shown finished: no waiting for the batch.
    const { body: { traces } } = await fixture.server.api<TracePage>(`/api/jobs/${job.id}/traces?limit=200`)
    expect(traces).toHaveLength(job.toolRounds.length + job.toolCalls.length)
    expect(new Set(traces.map(trace => trace.id)).size).toBe(traces.length)
    const llm = traces.filter(trace => trace.kind === 'llm')
    expect(llm.map(trace => [trace.round, trace.name, trace.outcome])).toEqual([[1, 'mock/tool-parallel', 'success'], [2, 'mock/tool-parallel', 'success']])
    const tools = traces.filter(trace => trace.kind === 'tool')
    expect(tools.map(trace => trace.name).sort()).toEqual(job.toolCalls.map(call => call.name).sort())
    for (const trace of traces) {
      expect(trace).toMatchObject({ jobId: job.id, threadId: job.threadId, turn: 1, parentJobId: null, error: null, outcome: 'success' })
      expect(trace.latencyMs).toBeGreaterThanOrEqual(0)
      expect(trace.finishedAt! - trace.startedAt).toBe(Math.round(trace.latencyMs!))
    }
    // The model round streams for a while (paced tokens); its latency covers the stream.
    expect(llm[0]!.latencyMs!).toBeGreaterThan(0)
    expect(tools.every(trace => trace.startedAt >= llm[0]!.startedAt && trace.startedAt <= llm[1]!.startedAt)).toBe(true)
    expect(llm[0]!.segments).toMatchObject({ system: expect.any(Number), tools: expect.any(Number) })
  })

  it('records an unknown tool as not_enabled', async () => {
    const job = await finishedJob('tool-unknown')
    const traces = await settledJobTraces(job.id, 3)
    expect(traces.find(trace => trace.kind === 'tool')).toMatchObject({ name: 'does_not_exist', outcome: 'not_enabled', error: expect.stringMatching(/not enabled here/) })
  })
})

describe('cache figures in each provider dialect', () => {
  it('OpenRouter: cached tokens, cache writes and cost per round', async () => {
    const job = await finishedJob('usage-openrouter')
    const llm = (await settledJobTraces(job.id, 3)).filter(trace => trace.kind === 'llm')
    expect(llm.map(trace => [trace.promptTokens, trace.cacheReadTokens, trace.cacheWriteTokens, trace.costUsd])).toEqual([
      [2000, 0, 1800, 0.0042], [2100, 1800, 0, 0.0011],
    ])
    expect(job.usage).toMatchObject({ promptTokens: 4100, cachedTokens: 1800, cacheWriteTokens: 1800 })
  })

  it('DeepSeek: prompt cache hits', async () => {
    const job = await finishedJob('usage-deepseek')
    const [llm] = await settledJobTraces(job.id, 1)
    expect(llm).toMatchObject({ promptTokens: 1500, cacheReadTokens: 1280, cacheWriteTokens: 0, costUsd: null })
  })

  it('Anthropic-style through OpenRouter: cache reads and creations counted into the prompt', async () => {
    const job = await finishedJob('usage-anthropic')
    const [llm] = await settledJobTraces(job.id, 1)
    expect(llm).toMatchObject({ promptTokens: 3500, completionTokens: 7, cacheReadTokens: 3000, cacheWriteTokens: 400 })
  })
})

describe('listing a thread\'s traces', () => {
  let threadId: string
  let all: Trace[]

  beforeAll(async () => {
    threadId = (await fixture.newThread()).id
    // Three turns of 25 calls (20 run, 5 refused) and 2 model rounds: 81 rows.
    for (let turn = 0; turn < 3; turn++) {
      const job = await finishedJob('tool-too-many', { threadId })
      await settledJobTraces(job.id, 27)
    }
    const { body } = await fixture.server.api<TracePage>(`/api/threads/${threadId}/traces?limit=200`)
    all = body.traces
  }, 60_000)

  it('pages over every row once, in (turn, startedAt, id) order', async () => {
    expect(all).toHaveLength(81)
    expect(all).toEqual([...all].sort(compareTraces))
    const seen: Trace[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const { status, body }: { status: number; body: TracePage } = await fixture.server.api<TracePage>(
        `/api/threads/${threadId}/traces?limit=20${cursor ? `&cursor=${cursor}` : ''}`)
      expect(status).toBe(200)
      expect(body.traces.length).toBeLessThanOrEqual(20)
      seen.push(...body.traces)
      cursor = body.next_cursor
      pages += 1
    } while (cursor && pages < 10)
    expect(pages).toBe(5)
    expect(seen.map(trace => trace.id)).toEqual(all.map(trace => trace.id))
  })

  it('defaults to 50 rows, filters by turn, and refuses a bad limit or cursor', async () => {
    const first = await fixture.server.api<TracePage>(`/api/threads/${threadId}/traces`)
    expect(first.body.traces).toHaveLength(50)
    expect(first.body.next_cursor).toEqual(expect.any(String))
    const second = await fixture.server.api<TracePage>(`/api/threads/${threadId}/traces?turn=2`)
    expect(second.body.traces.map(trace => trace.id)).toEqual(all.filter(trace => trace.turn === 2).map(trace => trace.id))
    expect(second.body.traces).toHaveLength(27)
    expect(second.body.next_cursor).toBeNull()
    expect((await fixture.server.api(`/api/threads/${threadId}/traces?limit=201`)).status).toBe(400)
    expect((await fixture.server.api(`/api/threads/${threadId}/traces?limit=0`)).status).toBe(400)
    expect((await fixture.server.api(`/api/threads/${threadId}/traces?cursor=not-a-cursor`)).status).toBe(400)
  })

  it('answers 404 for another user\'s thread or job and for unknown ids', async () => {
    const jobId = all[0]!.jobId
    expect((await fixture.server.api(`/api/threads/${threadId}/traces`, { user: 'mallory' })).status).toBe(404)
    expect((await fixture.server.api(`/api/jobs/${jobId}/traces`, { user: 'mallory' })).status).toBe(404)
    expect((await fixture.server.api(`/api/threads/${crypto.randomUUID()}/traces`)).status).toBe(404)
    expect((await fixture.server.api(`/api/jobs/${crypto.randomUUID()}/traces`)).status).toBe(404)
  })
})

describe('a cache-friendly prefix', () => {
  it('sends the system prompt and tool schemas byte-identical across two turns and two threads', async () => {
    fixture.mock.reset()
    const first = await fixture.newThread()
    const second = await fixture.newThread()
    const jobs = [
      await finishedJob('tool-single', { threadId: first.id }),
      await finishedJob('hello', { threadId: first.id }),
      await finishedJob('tool-single', { threadId: second.id }),
    ]
    const bodies = fixture.mock.requests.map(request => request.body as { messages: unknown[]; tools?: unknown[] })
    expect(bodies.length).toBeGreaterThanOrEqual(5)
    const prefixes = new Set(bodies.map(body => JSON.stringify([body.messages[0], body.tools])))
    expect(prefixes.size).toBe(1)
    expect(JSON.parse([...prefixes][0]!)[1].length).toBeGreaterThan(0)
    // The traces say the same: one system hash and one tools hash for every model round of both threads.
    const rounds = (await Promise.all(jobs.map(job => settledJobTraces(job.id, 1)))).flat().filter(trace => trace.kind === 'llm')
    expect(new Set(rounds.map(trace => `${trace.segments?.systemHash}/${trace.segments?.toolsHash}`)).size).toBe(1)
    expect(rounds.map(trace => trace.turn)).toEqual([1, 1, 2, 1, 1])
  })
})
