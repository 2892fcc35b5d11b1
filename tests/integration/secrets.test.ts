// No secret leaves the server: with an API key, a session secret and a Convex secret configured, a full
// accounts-mode session (sign-up, failed sign-in, sign-in, chat with a tool call, stream, lists, admin,
// pages, sign-out) is recorded, and neither any answer (headers included), nor the built client in
// .output/public, nor the server log contains any of them.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, sessionCookieOf, startAccountsServer, TEST_SESSION_PASSWORD } from './support/accounts-client'

const API_KEY = 'sk-errand-test-api-key-9f8e7d6c5b4a'
const CONVEX_SECRET = 'convex-secret-for-the-grep-test-1a2b3c'
const SECRETS = [API_KEY, TEST_SESSION_PASSWORD, CONVEX_SECRET]
const publicDir = fileURLToPath(new URL('../../.output/public/', import.meta.url))

let env: Awaited<ReturnType<typeof startAccountsServer>>
const answers: string[] = []

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

beforeAll(async () => {
  env = await startAccountsServer({ NUXT_LLM_API_KEY: API_KEY, NUXT_STORE_CONVEX_SECRET: CONVEX_SECRET, NUXT_STORE_CONVEX_URL: 'https://example.invalid' })
}, 60_000)

afterAll(async () => {
  await env?.close()
})

async function call(path: string, init: { method?: string; body?: unknown; cookie?: string } = {}) {
  const answer = await rawRequest<unknown>(env.server, path, init)
  answers.push(`${path} ${answer.status} ${JSON.stringify([...answer.headers])} ${JSON.stringify(answer.body)}`)
  return answer
}

describe('secrets', () => {
  it('appear in no answer of a full session, in no client file and in no log line', async () => {
    const signup = await call('/api/auth/signup', { method: 'POST', body: { username: 'owner', password: 'owner password' } })
    await call('/api/auth/signin', { method: 'POST', body: { username: 'owner', password: API_KEY } })
    const signin = await call('/api/auth/signin', { method: 'POST', body: { username: 'owner', password: 'owner password' } })
    const cookie = sessionCookieOf(signin.headers) || sessionCookieOf(signup.headers)
    for (const path of ['/api/auth/me', '/api/health', '/api/models', '/api/tools', '/api/metrics', '/api/threads', '/api/admin/users', '/api/_auth/session']) {
      await call(path, { cookie })
    }
    const thread = await call('/api/threads', { method: 'POST', body: {}, cookie })
    const threadId = (thread.body as { id: string }).id
    const posted = await call(`/api/threads/${threadId}/messages`, { method: 'POST', body: { content: 'what time is it?', model: 'mock/tool-single' }, cookie })
    const jobId = (posted.body as { jobId: string }).jobId
    const stream = await fetch(`${env.server.url}/api/jobs/${jobId}/stream`, { headers: { cookie } })
    answers.push(await stream.text())
    for (const path of [`/api/jobs/${jobId}/status`, `/api/threads/${threadId}/messages`, `/api/jobs?threadId=${threadId}`, '/', '/signin', `/threads/${threadId}`]) {
      await call(path, { cookie })
    }
    await call('/api/admin/invitations', { method: 'POST', cookie })
    await call(`/api/threads/${threadId}/messages`, { method: 'POST', body: { content: 'x', model: 'no/such-model' }, cookie })
    await call('/api/auth/signout', { method: 'POST', cookie })
    expect(answers.length).toBeGreaterThan(20)
    // Sanity: the recorded answers are real pages, streams and JSON.
    expect(answers.join('\n')).toContain('<html')
    expect(answers.join('\n')).toContain('"username":"owner"')
    expect(answers.join('\n')).toContain('event: end')

    const recorded = answers.join('\n')
    const client = filesUnder(publicDir).map(file => readFileSync(file, 'latin1')).join('\n')
    const log = env.server.output()
    expect(log).toContain('auth: signin-failed')
    for (const secret of SECRETS) {
      expect(recorded.includes(secret), 'an API answer').toBe(false)
      expect(client.includes(secret), 'the built client').toBe(false)
      expect(log.includes(secret), 'the server log').toBe(false)
    }
  }, 60_000)
})
