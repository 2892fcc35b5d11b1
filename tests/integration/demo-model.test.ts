// With no API key the built-in demo model answers offline through the same client path, calls the
// built-in tools when asked, and its answers are marked as coming from the demo model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '#shared/types/job'
import type { PostMessageResult } from '#shared/schemas/api'
import type { Message } from '#shared/types/thread'
import { startErrandServer, type ErrandServer } from './support/errand-server'

let server: ErrandServer

beforeAll(async () => {
  server = await startErrandServer({ env: { NUXT_LLM_DEMO_TOKENS_PER_SECOND: '5000', NUXT_LLM_BASE_URL: 'http://127.0.0.1:9/unreachable/v1' } })
})
afterAll(async () => { await server?.stop() })

async function ask(content: string): Promise<{ job: Job; messages: Message[] }> {
  const { body: thread } = await server.api<{ id: string }>('/api/threads', { method: 'POST', body: {} })
  const { body: ids } = await server.api<PostMessageResult>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content } })
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const { body: job } = await server.api<Job>(`/api/jobs/${ids.jobId}/status`)
    if (['complete', 'error', 'aborted'].includes(job.status)) {
      const { body: messages } = await server.api<Message[]>(`/api/threads/${thread.id}/messages`)
      return { job, messages }
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error('the demo answer did not finish')
}

describe('the offline demo model', () => {
  it('is what the model list offers when no key is set', async () => {
    const { body } = await server.api<{ models: string[]; defaultModel: string; demo: boolean }>('/api/models')
    expect(body).toEqual({ models: ['errand/demo'], defaultModel: 'errand/demo', demo: true })
  })

  it('answers in markdown, deterministically, marked as the demo model', async () => {
    const first = await ask('Hello there')
    const second = await ask('Hello there')
    expect(first.job.status).toBe('complete')
    expect(first.job.content).toContain('demo model')
    expect(first.job.content).toContain('```')
    expect(second.job.content).toBe(first.job.content)
    expect(first.messages[1]).toMatchObject({ isDemo: true, model: 'errand/demo', status: 'complete' })
    expect(first.job.usage?.completionTokens).toBeGreaterThan(0)
  })

  it('calls get_current_time when asked the time and calculate for arithmetic', async () => {
    const time = await ask('What time is it in Tokyo?')
    expect(time.job.toolCalls).toEqual([expect.objectContaining({ name: 'get_current_time', status: 'completed', args: { timezone: 'Asia/Tokyo' } })])
    expect(time.job.content.length).toBeGreaterThan(10)
    const math = await ask('What is 17% of 2,340 plus sqrt(144)?')
    expect(math.job.toolCalls[0]).toMatchObject({ name: 'calculate', status: 'completed' })
    expect(math.job.content).toContain('409.8')
  })
})
