// Accounts mode over real HTTP: sign-up by invitation after the first (admin) account, sign-in, a wrong
// password, sign-out, SameSite/HttpOnly cookies, and disabling a user, which ends their session at once
// and stops their running job; sign-in events are logged without the password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, sessionCookieOf, signedIn, startAccountsServer, type SignedInClient } from './support/accounts-client'

let env: Awaited<ReturnType<typeof startAccountsServer>>
let admin: SignedInClient

beforeAll(async () => {
  env = await startAccountsServer({ NUXT_AUTH_SIGNUP: 'invite' })
  admin = await signedIn(env.server, 'admin')
}, 60_000)

afterAll(async () => {
  await env?.close()
})

describe('accounts', () => {
  it('makes the first account the admin and sets a SameSite, HttpOnly session cookie', async () => {
    const me = await admin.request<{ mode: string; user: { username: string; role: string } }>('/api/auth/me')
    expect(me.body).toMatchObject({ mode: 'accounts', user: { username: 'admin', role: 'admin' } })
    const again = await rawRequest(env.server, '/api/auth/signin', { method: 'POST', body: { username: 'admin', password: 'password-of-admin' } })
    const line = again.headers.getSetCookie().find(cookie => cookie.startsWith('errand-session=')) ?? ''
    expect(line).toMatch(/HttpOnly/i)
    expect(line).toMatch(/SameSite=Lax/i)
  })

  it('needs an invitation after the first account, and an invitation works once', async () => {
    const refused = await rawRequest(env.server, '/api/auth/signup', { method: 'POST', body: { username: 'mallory', password: 'long enough' } })
    expect(refused.status).toBe(403)
    const invitation = await admin.request<{ code: string }>('/api/admin/invitations', { method: 'POST' })
    expect(invitation.status).toBe(201)
    const bob = await signedIn(env.server, 'bob', { invitation: invitation.body.code })
    expect((await bob.request<{ user: { role: string } }>('/api/auth/me')).body.user.role).toBe('member')
    const reused = await rawRequest(env.server, '/api/auth/signup', { method: 'POST', body: { username: 'carol', password: 'long enough', invitation: invitation.body.code } })
    expect(reused.status).toBe(403)
  })

  it('refuses a wrong password with 401 and logs it without the password', async () => {
    const wrong = await rawRequest(env.server, '/api/auth/signin', { method: 'POST', body: { username: 'admin', password: 'not-the-password-xyz' } })
    expect(wrong.status).toBe(401)
    expect(sessionCookieOf(wrong.headers)).toBe('')
    const unknown = await rawRequest<{ message: string }>(env.server, '/api/auth/signin', { method: 'POST', body: { username: 'nobody', password: 'not-the-password-xyz' } })
    expect(unknown.status).toBe(401)
    expect(unknown.body.message).toBe((wrong.body as { message: string }).message)
    expect(await env.server.outputContaining('auth: signin-failed')).toContain('auth: signin-failed')
    expect(env.server.output()).not.toContain('not-the-password-xyz')
  })

  it('signs out: the old cookie no longer works', async () => {
    const client = await signedIn(env.server, 'admin', { signIn: true })
    expect((await client.request('/api/threads')).status).toBe(200)
    const out = await client.request('/api/auth/signout', { method: 'POST' })
    expect(out.status).toBe(204)
    expect(out.headers.getSetCookie().join(';')).toMatch(/errand-session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i)
    expect(await env.server.outputContaining('auth: signout')).toContain('auth: signout')
  })

  it('disabling a user ends their session at once and stops their running job', async () => {
    const invitation = await admin.request<{ code: string }>('/api/admin/invitations', { method: 'POST' })
    const dave = await signedIn(env.server, 'dave', { invitation: invitation.body.code })
    const thread = await dave.request<{ id: string }>('/api/threads', { method: 'POST', body: {} })
    const posted = await dave.request<{ jobId: string }>(`/api/threads/${thread.body.id}/messages`, { method: 'POST', body: { content: 'go', model: 'mock/never-ends' } })
    expect(posted.status).toBe(202)
    const disabled = await admin.request<{ disabled: boolean }>(`/api/admin/users/${dave.userId}/disable`, { method: 'POST' })
    expect(disabled.body.disabled).toBe(true)
    expect((await dave.request('/api/threads')).status).toBe(401)
    expect((await rawRequest(env.server, '/api/auth/signin', { method: 'POST', body: { username: 'dave', password: 'password-of-dave' } })).status).toBe(401)
    // The job was aborted by the disable (read it back as dave after re-enabling).
    await admin.request(`/api/admin/users/${dave.userId}/enable`, { method: 'POST' })
    const back = await signedIn(env.server, 'dave', { signIn: true })
    const job = await back.request<{ status: string }>(`/api/jobs/${posted.body.jobId}/status`)
    expect(job.body.status).toBe('aborted')
    expect((await admin.request(`/api/admin/users/${admin.userId}/disable`, { method: 'POST' })).status).toBe(400)
  })
})
