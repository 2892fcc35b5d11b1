// No API response carries a job's internals (checkpoint, lease, attempts, abort request): a full session
// against the built server, then every route of server/api is called and its whole body scanned. A new
// route without an entry in CALLS fails the coverage check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostMessageResult } from '#shared/schemas/api'
import type { PublicSubagent } from '#shared/types/subagent'
import { startChatFixture, type ChatFixture } from './support/chat-fixture'
import { apiRoutes } from './support/route-table'
import { uploadFile, uploadForm } from './support/upload-client'
import { pngImage } from '../fixtures/images/test-images'

let fixture: ChatFixture
let ids: PostMessageResult
let spareThreadId: string
let editIds: PostMessageResult
let subagent: PublicSubagent
let finishedSubagent: PublicSubagent
let uploadId: string
let uploadBytes: Buffer

const INTERNAL_FIELDS = ['checkpoint', 'leaseOwner', 'leaseExpiresAt', 'attempts', 'abortRequestedAt']

/** Reads a response whole, or for SSE, what arrives within `ms`. */
async function bodyOf(response: Response, ms = 400): Promise<string> {
  if (!response.headers.get('content-type')?.includes('text/event-stream')) return response.text()
  const reader = response.body!.getReader()
  let text = ''
  const stop = setTimeout(() => void reader.cancel(), ms)
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
    if (done) break
    text += new TextDecoder().decode(value)
  }
  clearTimeout(stop)
  return text
}

/** `accountsOnly`: the route serves accounts mode; in this single-mode run only its body is scanned, not its status. */
type Call = () => { method: string; path: string; body?: unknown; form?: FormData; accountsOnly?: true }

const CALLS: Record<string, Call> = {
  'GET /api/health': () => ({ method: 'GET', path: '/api/health' }),
  'GET /api/auth/me': () => ({ method: 'GET', path: '/api/auth/me' }),
  'POST /api/auth/signin': () => ({ method: 'POST', path: '/api/auth/signin', body: { username: 'someone', password: 'not-the-password' }, accountsOnly: true }),
  'POST /api/auth/signup': () => ({ method: 'POST', path: '/api/auth/signup', body: { username: 'someone', password: 'a long enough password' }, accountsOnly: true }),
  'POST /api/auth/signout': () => ({ method: 'POST', path: '/api/auth/signout', accountsOnly: true }),
  'GET /api/admin/users': () => ({ method: 'GET', path: '/api/admin/users', accountsOnly: true }),
  'POST /api/admin/invitations': () => ({ method: 'POST', path: '/api/admin/invitations', body: {}, accountsOnly: true }),
  'POST /api/admin/users/:id/:action': () => ({ method: 'POST', path: '/api/admin/users/someone/disable', accountsOnly: true }),
  'GET /api/metrics': () => ({ method: 'GET', path: '/api/metrics' }),
  'GET /api/models': () => ({ method: 'GET', path: '/api/models' }),
  'GET /api/tools': () => ({ method: 'GET', path: '/api/tools' }),
  'GET /api/events': () => ({ method: 'GET', path: '/api/events?after=0' }),
  'GET /api/_debug/state': () => ({ method: 'GET', path: '/api/_debug/state' }),
  'GET /api/threads': () => ({ method: 'GET', path: '/api/threads' }),
  'POST /api/threads': () => ({ method: 'POST', path: '/api/threads', body: {} }),
  'PATCH /api/threads/:id': () => ({ method: 'PATCH', path: `/api/threads/${ids.threadId}`, body: { title: 'Renamed' } }),
  'DELETE /api/threads/:id': () => ({ method: 'DELETE', path: `/api/threads/${spareThreadId}` }),
  'GET /api/threads/:id/messages': () => ({ method: 'GET', path: `/api/threads/${ids.threadId}/messages` }),
  'GET /api/threads/:id/traces': () => ({ method: 'GET', path: `/api/threads/${ids.threadId}/traces` }),
  'POST /api/threads/:id/messages': () => ({ method: 'POST', path: `/api/threads/${spareThreadId}/messages`, body: { content: 'hello', model: 'mock/hello' } }),
  'GET /api/jobs': () => ({ method: 'GET', path: '/api/jobs' }),
  'GET /api/jobs/:id/status': () => ({ method: 'GET', path: `/api/jobs/${ids.jobId}/status` }),
  'GET /api/jobs/:id/children': () => ({ method: 'GET', path: `/api/jobs/${ids.jobId}/children` }),
  'GET /api/jobs/:id/traces': () => ({ method: 'GET', path: `/api/jobs/${ids.jobId}/traces` }),
  'GET /api/jobs/:id/stream': () => ({ method: 'GET', path: `/api/jobs/${ids.jobId}/stream?after=0` }),
  'POST /api/jobs/:id/abort': () => ({ method: 'POST', path: `/api/jobs/${ids.jobId}/abort` }),
  'GET /api/subagents': () => ({ method: 'GET', path: '/api/subagents' }),
  'GET /api/subagents/:id': () => ({ method: 'GET', path: `/api/subagents/${subagent.id}` }),
  'POST /api/subagents/:id/cancel': () => ({ method: 'POST', path: `/api/subagents/${subagent.id}/cancel` }),
  'POST /api/subagents/:id/retry': () => ({ method: 'POST', path: `/api/subagents/${subagent.id}/retry` }),
  'POST /api/subagents/:id/continue': () => ({ method: 'POST', path: `/api/subagents/${finishedSubagent.id}/continue` }),
  'GET /api/workflows': () => ({ method: 'GET', path: '/api/workflows' }),
  'POST /api/workflows/rescan': () => ({ method: 'POST', path: '/api/workflows/rescan' }),
  'POST /api/workflows/:name/run': () => ({ method: 'POST', path: '/api/workflows/multi-review/run', body: { args: { prompt: 'Review this sentence.' } } }),
  // After every read of the first turn's job: regenerating replaces it.
  'POST /api/messages/:id/regenerate': () => ({ method: 'POST', path: `/api/messages/${ids.assistantMessageId}/regenerate`, body: { model: 'mock/hello' } }),
  'POST /api/uploads': () => ({ method: 'POST', path: '/api/uploads', form: uploadForm(uploadBytes, 'shape.png', 'image/png') }),
  'GET /api/uploads/:id': () => ({ method: 'GET', path: `/api/uploads/${uploadId}?variant=thumbnail` }),
  'POST /api/messages/:id/edit': () => ({ method: 'POST', path: `/api/messages/${editIds.userMessageId}/edit`, body: { content: 'edited', model: 'mock/hello' } }),
}

beforeAll(async () => {
  fixture = await startChatFixture({ NUXT_DEBUG_ENDPOINTS: 'true' })
  ids = await fixture.send('tool-single', { content: 'What time is it in Tokyo?' })
  await fixture.waitForJob(ids.jobId)
  spareThreadId = (await fixture.newThread()).id
  editIds = await fixture.send('hello')
  await fixture.waitForJob(editIds.jobId)
  // Two sub-agents: one cancelled by the walk (then retried), one completed (then continued).
  const spawned = await fixture.send('spawn-two')
  await fixture.waitForJob(spawned.jobId)
  const deadline = Date.now() + 20_000
  let list: PublicSubagent[] = []
  while (Date.now() < deadline) {
    list = (await fixture.server.api<PublicSubagent[]>(`/api/subagents?threadId=${spawned.threadId}`)).body
    if (list.some(entry => entry.status === 'completed')) break
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  finishedSubagent = list.find(entry => entry.status === 'completed')!
  subagent = list.find(entry => entry !== finishedSubagent)!
  uploadBytes = await pngImage(24, 24)
  uploadId = (await uploadFile(fixture.server.url, uploadBytes, 'first.png', 'image/png')).body.id as string
})
afterAll(async () => { await fixture?.close() })

describe('public shapes', () => {
  it('has a call for every route of server/api', () => {
    expect(Object.keys(CALLS).sort()).toEqual(apiRoutes())
  })

  it('no route answers with a checkpoint, lease owner, attempts or other job internals', async () => {
    // In the table's order, deletes last.
    const order = Object.keys(CALLS).sort((a, b) => Number(a.startsWith('DELETE')) - Number(b.startsWith('DELETE')))
    for (const route of order) {
      const call = CALLS[route]!()
      const response = await fetch(fixture.server.url + call.path, {
        method: call.method,
        headers: { accept: 'application/json', origin: fixture.server.url, ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
        ...(call.form ? { body: call.form } : {}),
      })
      if (!call.accountsOnly) expect(response.status, route).toBeLessThan(300)
      const text = await bodyOf(response)
      for (const field of INTERNAL_FIELDS) expect(text, `${route} leaks ${field}`).not.toContain(`"${field}"`)
      if (route === 'GET /api/jobs/:id/status') expect(JSON.parse(text)).toMatchObject({ id: ids.jobId, status: 'complete', toolCalls: [expect.objectContaining({ name: 'get_current_time' })] })
    }
  })
})
