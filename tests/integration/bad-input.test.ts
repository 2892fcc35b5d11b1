// Bad input gets a clear 4xx and changes nothing: unknown and foreign ids are 404, malformed bodies,
// empty and over-long messages and unknown models are 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Message, Thread } from '#shared/types/thread'
import { startChatFixture, type ChatFixture } from './support/chat-fixture'

let fixture: ChatFixture
let thread: Thread
let jobId: string

beforeAll(async () => {
  fixture = await startChatFixture({ NUXT_JOBS_MAX_MESSAGE_LENGTH: '100' })
  const ids = await fixture.send('hello')
  thread = { id: ids.threadId } as Thread
  jobId = ids.jobId
  await fixture.waitForJob(jobId)
})
afterAll(async () => { await fixture?.close() })

interface ErrorBody { statusCode: number; message: string }

describe('bad input', () => {
  const foreign = { user: 'mallory' }

  it('answers 404 for unknown and foreign thread ids on every thread route', async () => {
    for (const [method, path, body] of [
      ['GET', `/api/threads/${thread.id}/messages`, undefined],
      ['POST', `/api/threads/${thread.id}/messages`, { content: 'hi' }],
      ['PATCH', `/api/threads/${thread.id}`, { title: 'mine now' }],
      ['DELETE', `/api/threads/${thread.id}`, undefined],
    ] as const) {
      const stranger = await fixture.server.api<ErrorBody>(path, { method, body, ...foreign })
      expect(stranger.status, `${method} ${path}`).toBe(404)
      expect(stranger.body.message).toContain('not found')
      const unknown = await fixture.server.api<ErrorBody>(path.replace(thread.id, 'no-such-thread'), { method, body })
      expect(unknown.status, `${method} unknown`).toBe(404)
    }
    const { body: messages } = await fixture.server.api<Message[]>(`/api/threads/${thread.id}/messages`)
    expect(messages).toHaveLength(2)
  })

  it('answers 404 for unknown and foreign job ids, including the stream', async () => {
    for (const [method, path] of [
      ['GET', `/api/jobs/${jobId}/status`],
      ['POST', `/api/jobs/${jobId}/abort`],
      ['GET', `/api/jobs/${jobId}/stream`],
    ] as const) {
      expect((await fixture.server.api(path, { method, ...foreign })).status, path).toBe(404)
      expect((await fixture.server.api(path.replace(jobId, 'no-such-job'), { method })).status, path).toBe(404)
    }
    const threads = await fixture.server.api<unknown[]>('/api/threads', foreign)
    expect(threads.body).toEqual([])
  })

  it('answers 400 with a message for malformed bodies', async () => {
    const broken = await fixture.server.api<ErrorBody>(`/api/threads/${thread.id}/messages`, { method: 'POST', rawBody: '{"content": ' })
    expect(broken.status).toBe(400)
    expect(broken.body.message).toMatch(/JSON/)
    const wrongType = await fixture.server.api<ErrorBody>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content: 42 } })
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.message).toMatch(/content/)
    const extra = await fixture.server.api<ErrorBody>('/api/threads', { method: 'POST', body: { title: 'x', owner: 'root' } })
    expect(extra.status).toBe(400)
    const emptyPatch = await fixture.server.api<ErrorBody>(`/api/threads/${thread.id}`, { method: 'PATCH', body: {} })
    expect(emptyPatch.status).toBe(400)
  })

  it('answers 400 for an empty, an over-long message and an unknown model, and writes nothing', async () => {
    const empty = await fixture.server.api<ErrorBody>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content: '   ' } })
    expect(empty.status).toBe(400)
    expect(empty.body.message).toMatch(/empty/)
    const long = await fixture.server.api<ErrorBody>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content: 'x'.repeat(101) } })
    expect(long.status).toBe(400)
    expect(long.body.message).toMatch(/limit is 100/)
    const model = await fixture.server.api<ErrorBody>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content: 'hi', model: 'nope/nope' } })
    expect(model.status).toBe(400)
    expect(model.body.message).toMatch(/available: /)
    const { body: messages } = await fixture.server.api<Message[]>(`/api/threads/${thread.id}/messages`)
    expect(messages).toHaveLength(2)
  })

  it('answers 400 for a bad after= cursor', async () => {
    const bad = await fixture.server.api<ErrorBody>(`/api/jobs/${jobId}/stream?after=-3`)
    expect(bad.status).toBe(400)
  })
})
