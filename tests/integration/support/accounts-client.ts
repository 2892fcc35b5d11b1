// Accounts-mode helpers for integration tests: start a built server in accounts mode, and a signed-in
// client per user that keeps its session cookie and sends Origin like a browser on this site.
import { startMockModelServer, type MockModelServer } from '../../fixtures/mock-model-server/server.mjs'
import { startErrandServer, type ErrandServer } from './errand-server'
import { mockModelList } from './scenarios'

/** The session secret the accounts-mode test servers use (the secrets test looks for it everywhere). */
export const TEST_SESSION_PASSWORD = 'session-secret-for-tests-0123456789abcdef'

export interface SignedInClient {
  username: string
  userId: string
  cookie: string
  request: <T = unknown>(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }) => Promise<{ status: number; body: T; headers: Headers }>
}

/** A mock model plus a built server in accounts mode with open sign-up (override with `env`). */
export async function startAccountsServer(env: Record<string, string> = {}, scenariosDir?: string): Promise<{ mock: MockModelServer; server: ErrandServer; close: () => Promise<void> }> {
  const mock = await startMockModelServer(scenariosDir ? { scenariosDir } : {})
  const server = await startErrandServer({
    mockUrl: mock.url,
    env: {
      NUXT_LLM_MODEL: 'mock/hello', NUXT_LLM_MODELS: mockModelList(),
      NUXT_AUTH_MODE: 'accounts', NUXT_AUTH_SIGNUP: 'open', NUXT_AUTH_TRUST_USER_HEADER: 'false',
      NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD,
      // Every test signs in from 127.0.0.1 many times a minute.
      NUXT_SECURITY_SIGNIN_ATTEMPTS_PER_MINUTE: '1000',
      ...env,
    },
  })
  return { mock, server, close: async () => { await server.stop(); await mock.close() } }
}

/** Sends a request as a browser on the server's own origin would, with `cookie` when given. */
export async function rawRequest<T>(server: ErrandServer, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; cookie?: string } = {}) {
  const headers: Record<string, string> = { accept: 'application/json', origin: server.url, ...init.headers }
  if (init.cookie) headers.cookie = init.cookie
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(server.url + path, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) })
  const text = await response.text()
  let body: unknown = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = text
  }
  return { status: response.status, body: body as T, headers: response.headers }
}

/** The `name=value` part of the session cookie a response sets ('' when it sets none). */
export function sessionCookieOf(headers: Headers): string {
  const cookie = headers.getSetCookie().find(line => line.startsWith('errand-session='))
  return cookie ? cookie.split(';')[0] as string : ''
}

/** Signs up (or, with `signIn`, signs in) and returns a client bound to that session. */
export async function signedIn(server: ErrandServer, username: string, options: { password?: string; invitation?: string; signIn?: boolean } = {}): Promise<SignedInClient> {
  const password = options.password ?? `password-of-${username}`
  const path = options.signIn ? '/api/auth/signin' : '/api/auth/signup'
  const answer = await rawRequest<{ id: string }>(server, path, {
    method: 'POST', body: { username, password, ...(options.invitation ? { invitation: options.invitation } : {}) },
  })
  if (answer.status !== (options.signIn ? 200 : 201)) throw new Error(`${path} for ${username} answered ${answer.status}: ${JSON.stringify(answer.body)}`)
  const cookie = sessionCookieOf(answer.headers)
  return {
    username, userId: answer.body.id, cookie,
    request: (requestPath, init = {}) => rawRequest(server, requestPath, { ...init, cookie }),
  }
}

/** Waits until the caller's job is over; its final state. */
export async function waitForOwnJob(client: SignedInClient, jobId: string, timeoutMs = 20_000): Promise<{ status: string; toolCalls: Array<{ name: string; status: string; result?: unknown; error?: string }> }> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { body } = await client.request<{ status: string; toolCalls: Array<{ name: string; status: string; result?: unknown; error?: string }> }>(`/api/jobs/${jobId}/status`)
    if (['complete', 'error', 'aborted'].includes(body.status)) return body
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${body.status} after the deadline`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
