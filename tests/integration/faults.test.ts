// Every injected fault of the model endpoint ends the job in its documented state within a bounded
// time: retried 429 completes, 5xx/drop/malformed/hang end in `error` with a readable message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChatFixture, type ChatFixture } from './support/chat-fixture'
import { scenarioText } from './support/scenarios'

let fixture: ChatFixture

beforeAll(async () => { fixture = await startChatFixture({ NUXT_LLM_RETRY_ATTEMPTS: '3' }) })
afterAll(async () => { await fixture?.close() })

describe('model endpoint faults', () => {
  it('429 with retry-after before the first token is retried and the turn completes', async () => {
    fixture.mock.reset()
    const ids = await fixture.send('rate-limited')
    const job = await fixture.waitForJob(ids.jobId)
    expect(job.status).toBe('complete')
    expect(job.content).toBe(scenarioText('rate-limited'))
    expect(fixture.mock.requests).toHaveLength(2)
  })

  it('500 on every attempt ends in error after the bounded retries', async () => {
    fixture.mock.reset()
    const ids = await fixture.send('server-error')
    const job = await fixture.waitForJob(ids.jobId)
    expect(job.status).toBe('error')
    expect(job.error).toMatch(/500/)
    expect(fixture.mock.requests).toHaveLength(3)
  })

  for (const [scenario, pattern] of [
    ['drop-mid-stream', /closed|connection|ended/i],
    ['malformed-chunk', /malformed/i],
    ['never-ends', /nothing|timed out|timeout|idle/i],
  ] as const) {
    it(`${scenario} ends in error, keeps the partial text and says why`, async () => {
      const ids = await fixture.send(scenario)
      const job = await fixture.waitForJob(ids.jobId, { timeoutMs: 15_000 })
      expect(job.status).toBe('error')
      expect(job.error).toMatch(pattern)
      expect(job.content.length).toBeGreaterThan(0)
      expect(job.error).not.toContain('test-key-not-secret')
    })
  }

  for (const scenario of ['keep-alive', 'split-records', 'usage-cached']) {
    it(`${scenario} completes with the exact scenario text`, async () => {
      const ids = await fixture.send(scenario)
      const job = await fixture.waitForJob(ids.jobId)
      expect(job.status).toBe('complete')
      expect(job.content).toBe(scenarioText(scenario))
    })
  }

  it('records usage with cached and reasoning tokens', async () => {
    const ids = await fixture.send('usage-cached')
    const job = await fixture.waitForJob(ids.jobId)
    expect(job.usage).toMatchObject({ cachedTokens: expect.any(Number), reasoningTokens: expect.any(Number) })
    expect(job.usage!.cachedTokens).toBeGreaterThan(0)
    expect(job.usage!.reasoningTokens).toBeGreaterThan(0)
  })
})
