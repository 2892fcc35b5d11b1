// Web hardening of the built server over real HTTP (single mode): foreign Host, cross-site form and
// foreign-Origin JSON posts refused, a 50 MB body refused with 413 while memory stays flat, rate limits
// with Retry-After, security headers on a page and an API answer, the per-user stream cap, a paused SSE
// reader dropped, and the calculator's meta-function refusal and per-user fairness through real jobs.
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockModelServer, type MockModelServer } from '../fixtures/mock-model-server/server.mjs'
import { startErrandServer, type ErrandServer } from './support/errand-server'
import { rawHttp } from './support/raw-http'
import { SLOW_CALLS, writeSecurityScenarios } from './support/security-scenarios'

const scenariosDir = writeSecurityScenarios({ hugeTextCharacters: 16_000_000 })
const MODELS = 'mock/hello,mock/calc-meta,mock/calc-slow,mock/calc-quick,mock/huge'

let mock: MockModelServer
let server: ErrandServer

interface JobView { status: string; toolCalls: Array<{ id: string; status: string; result?: unknown; error?: string; finishedAt?: number }> }

async function post(path: string, body: unknown, user?: string) {
  return server.api<Record<string, string>>(path, { method: 'POST', body, ...(user ? { user } : {}) })
}

async function startJob(scenario: string, user: string): Promise<string> {
  const thread = await post('/api/threads', {}, user)
  const posted = await post(`/api/threads/${thread.body.id}/messages`, { content: 'go', model: `mock/${scenario}` }, user)
  expect(posted.status).toBe(202)
  return posted.body.jobId as string
}

async function jobOf(jobId: string, user: string): Promise<JobView> {
  return (await server.api<JobView>(`/api/jobs/${jobId}/status`, { user })).body
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 300)}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

const isOver = (job: JobView) => ['complete', 'error', 'aborted'].includes(job.status)

async function residentBytes(): Promise<number> {
  const text = await (await fetch(`${server.url}/api/metrics`)).text()
  const line = text.split('\n').find(row => row.startsWith('process_resident_memory_bytes '))
  return Number(line?.split(' ')[1])
}

beforeAll(async () => {
  mock = await startMockModelServer({ scenariosDir })
  server = await startErrandServer({
    mockUrl: mock.url,
    env: {
      NUXT_LLM_MODEL: 'mock/hello', NUXT_LLM_MODELS: MODELS,
      // The huge answer stays in memory (SQLite would rewrite the growing row on every flush).
      NUXT_STORE_PROVIDER: 'memory', NUXT_LLM_MAX_RESPONSE_CHARACTERS: '40000000',
      NUXT_JOBS_VIEWER_STALL_MS: '500', NUXT_JOBS_MAX_SSE_CONNECTIONS_PER_USER: '2',
    },
  })
}, 60_000)

afterAll(async () => {
  await server?.stop()
  await mock?.close()
})

describe('requests', () => {
  it('refuses a foreign Host (DNS rebinding) and answers the loopback names', async () => {
    const foreign = await rawHttp(`${server.url}/api/threads`, { headers: { host: 'attacker.example' } })
    expect(foreign.status).toBe(403)
    expect(foreign.body).toContain('does not answer to the host')
    expect((await rawHttp(`${server.url}/api/health`, { headers: { host: `localhost:${new URL(server.url).port}` } })).status).toBe(200)
  })

  it('refuses a cross-site form post and a JSON post with a foreign Origin, creating nothing', async () => {
    const before = (await server.api<unknown[]>('/api/threads')).body.length
    const form = await rawHttp(`${server.url}/api/threads`, {
      method: 'POST', body: 'title=pwned',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'origin': 'http://attacker.example', 'sec-fetch-site': 'cross-site' },
    })
    expect(form.status).toBe(403)
    const json = await rawHttp(`${server.url}/api/threads`, {
      method: 'POST', body: '{"title":"pwned"}', headers: { 'content-type': 'application/json', 'origin': 'http://attacker.example' },
    })
    expect(json.status).toBe(403)
    const noOrigin = await rawHttp(`${server.url}/api/threads`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
    expect(noOrigin.status).toBe(403)
    const sameOriginForm = await rawHttp(`${server.url}/api/threads`, {
      method: 'POST', body: 'title=pwned', headers: { 'content-type': 'application/x-www-form-urlencoded', 'origin': server.url },
    })
    expect(sameOriginForm.status).toBe(415)
    expect((await server.api<unknown[]>('/api/threads')).body.length).toBe(before)
  })

  it('answers 413 to a 50 MB JSON body, declared or streamed, with memory flat', async () => {
    const before = await residentBytes()
    const streamed = await rawHttp(`${server.url}/api/threads`, {
      method: 'POST', chunks: 50, chunkBytes: 1024 * 1024, headers: { 'content-type': 'application/json', 'origin': server.url },
    })
    expect(streamed.status).toBe(413)
    const declared = await rawHttp(`${server.url}/api/threads`, {
      method: 'POST', chunks: 50, chunkBytes: 1024 * 1024,
      headers: { 'content-type': 'application/json', 'origin': server.url, 'content-length': String(50 * 1024 * 1024) },
    })
    expect(declared.status).toBe(413)
    const after = await residentBytes()
    expect(after - before).toBeLessThan(20 * 1024 * 1024)
    expect((await post('/api/threads', { title: 'still fine' })).status).toBe(201)
  })
})

describe('headers', () => {
  it('sends the CSP and the other security headers on a page and on an API answer', async () => {
    for (const path of ['/', '/api/health']) {
      const response = await fetch(server.url + path)
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toMatch(/img-src 'self'[^;]*(;|$)/)
      expect(csp.match(/img-src ([^;]*)/)?.[1]).not.toMatch(/https?:|\*/)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
      expect(response.headers.get('x-frame-options')).toBe('DENY')
    }
    const page = await (await fetch(`${server.url}/`)).text()
    // Every inline script of the page carries the nonce the CSP allows.
    expect(page.match(/<script(?![^>]*nonce=)/g)).toBeNull()
  })
})

describe('streams', () => {
  it('caps the open streams per user with 429 and frees a slot when one closes', async () => {
    const jobId = await startJob('hello', 'stream-cap')
    await waitFor(() => jobOf(jobId, 'stream-cap'), isOver)
    // A finished job's stream ends at once, so hold the slots with streams of a running job.
    const running = await startJob('calc-slow', 'stream-cap')
    const open = (user: string) => fetch(`${server.url}/api/jobs/${running}/stream`, { headers: { 'x-errand-user': user } })
    const first = await open('stream-cap')
    const second = await open('stream-cap')
    const third = await open('stream-cap')
    expect([first.status, second.status, third.status]).toEqual([200, 200, 429])
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0)
    await first.body?.cancel()
    await waitFor(async () => (await open('stream-cap')).status, status => status === 200)
    await second.body?.cancel()
    await server.api(`/api/jobs/${running}/abort`, { method: 'POST', user: 'stream-cap' })
  })

  it('drops a viewer that stops reading', async () => {
    const jobId = await startJob('huge', 'paused')
    const port = Number(new URL(server.url).port)
    const socket = connect(port, '127.0.0.1')
    await new Promise<void>(resolve => socket.once('connect', () => resolve()))
    socket.write(`GET /api/jobs/${jobId}/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-errand-user: paused\r\nAccept: text/event-stream\r\n\r\n`)
    socket.pause()
    const health = async () => (await server.api<{ jobs: { viewers: number } }>('/api/health')).body.jobs.viewers
    // Not waiting to see it attached: under load the server may already have dropped it by then.
    await waitFor(() => jobOf(jobId, 'paused'), isOver, 60_000)
    // The reader never read; the server gave up on it instead of holding it (and its queue) forever.
    await waitFor(health, viewers => viewers === 0, 20_000)
    let head = ''
    let received = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      if (head === '') head = chunk.slice(0, 40)
      received += chunk.slice(-200)
    })
    socket.resume()
    await new Promise<void>(resolve => socket.once('close', () => resolve()))
    // It was a viewer (the stream began), and it was cut off: the end marker never came.
    expect(head).toMatch(/^HTTP\/1\.1 200/)
    expect(received).not.toContain('event: end')
  }, 90_000)
})

describe('calculator', () => {
  it('refuses typed.clear() and then gives the right lgamma(2.5)', async () => {
    const jobId = await startJob('calc-meta', 'calc-user')
    const job = await waitFor(() => jobOf(jobId, 'calc-user'), isOver)
    expect(job.status).toBe('complete')
    const [meta, lgamma] = job.toolCalls
    expect(meta?.status).toBe('error')
    expect(lgamma?.status).toBe('completed')
    // lgamma(2.5) = ln(Γ(2.5)) = ln(3√π / 4) = 0.2846828704729...
    expect(Number((lgamma?.result as { result: string }).result)).toBeCloseTo(Math.log(3 * Math.sqrt(Math.PI) / 4), 12)
  })

  it(`answers another user's 1+1 while one user's ${SLOW_CALLS} slow expressions are still running`, async () => {
    const slowJob = await startJob('calc-slow', 'heavy')
    await waitFor(() => jobOf(slowJob, 'heavy'), job => job.toolCalls.some(call => call.status === 'completed'))
    const quickJob = await startJob('calc-quick', 'light')
    const quick = await waitFor(() => jobOf(quickJob, 'light'), isOver)
    expect(quick.status).toBe('complete')
    const quickCall = quick.toolCalls[0]
    expect(JSON.stringify(quickCall?.result)).toContain('"2"')
    const heavy = await waitFor(() => jobOf(slowJob, 'heavy'), isOver, 60_000)
    expect(heavy.status).toBe('complete')
    expect(heavy.toolCalls.filter(call => call.status === 'completed')).toHaveLength(SLOW_CALLS)
    // Judged by the calls' own finish times, not by when this test happened to poll: with one serial
    // queue for everyone the 1+1 would finish after the last slow expression.
    const finishedAfterQuick = heavy.toolCalls.filter(call => (call.finishedAt ?? 0) > (quickCall?.finishedAt ?? Infinity))
    expect(finishedAfterQuick.length).toBeGreaterThan(0)
  }, 90_000)
})

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-user message limit, per user', async () => {
    const limited = await startErrandServer({ mockUrl: mock.url, env: { NUXT_LLM_MODEL: 'mock/hello', NUXT_LLM_MODELS: MODELS, NUXT_SECURITY_MESSAGES_PER_MINUTE: '2' } })
    try {
      const thread = await limited.api<{ id: string }>('/api/threads', { method: 'POST', body: {}, user: 'eager' })
      const send = (user: string, threadId: string) => limited.api(`/api/threads/${threadId}/messages`, { method: 'POST', body: { content: 'hi' }, user })
      expect((await send('eager', thread.body.id)).status).toBe(202)
      await new Promise(resolve => setTimeout(resolve, 300))
      expect((await send('eager', thread.body.id)).status).toBe(202)
      const response = await fetch(`${limited.url}/api/threads/${thread.body.id}/messages`, {
        method: 'POST', body: JSON.stringify({ content: 'hi' }),
        headers: { 'content-type': 'application/json', 'origin': limited.url, 'x-errand-user': 'eager' },
      })
      expect(response.status).toBe(429)
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      const other = await limited.api<{ id: string }>('/api/threads', { method: 'POST', body: {}, user: 'patient' })
      expect((await send('patient', other.body.id)).status).toBe(202)
    } finally {
      await limited.stop()
    }
  }, 60_000)
})
