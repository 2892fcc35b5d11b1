// Accounts mode's rules with a fast stand-in hasher: invitation-only sign-up after the first account,
// the same 401 for an unknown user, a wrong password and a disabled account, and disabling a user
// stopping their jobs (and never the admin's own account).
import { describe, expect, it } from 'vitest'
import { createAccountService } from '../../../server/core/auth/account-service'
import { createMemoryAccountStore } from '../../../server/core/auth/stores/memory-account-store'

const hasher = { hash: async (password: string) => `h:${password}`, verify: async (hash: string, password: string) => hash === `h:${password}` }

function setup(signup: 'invite' | 'open' = 'invite') {
  const stopped: string[] = []
  const service = createAccountService({ store: createMemoryAccountStore(), hasher, signup, stopUserJobs: async (userId) => { stopped.push(userId) } })
  return { service, stopped }
}

const statusOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { statusCode?: number }) => error.statusCode)

describe('account service', () => {
  it('lets the first account in without an invitation, then needs one', async () => {
    const { service } = setup()
    const admin = await service.signUp({ username: 'alice', password: 'correct horse' })
    expect(admin.role).toBe('admin')
    expect(await statusOf(service.signUp({ username: 'bob', password: 'battery staple' }))).toBe(403)
    expect(await statusOf(service.signUp({ username: 'bob', password: 'battery staple', invitation: 'made-up' }))).toBe(403)
    const { code } = await service.invite(admin)
    expect((await service.signUp({ username: 'bob', password: 'battery staple', invitation: code })).role).toBe('member')
    expect(await statusOf(service.signUp({ username: 'carol', password: 'battery staple', invitation: code }))).toBe(403)
    expect(await statusOf(service.signUp({ username: 'bob', password: 'another one' }))).toBe(403)
  })

  it('allows open sign-up when configured, refusing a taken name with 409', async () => {
    const { service } = setup('open')
    await service.signUp({ username: 'alice', password: 'correct horse' })
    expect((await service.signUp({ username: 'bob', password: 'battery staple' })).role).toBe('member')
    expect(await statusOf(service.signUp({ username: 'bob', password: 'battery staple' }))).toBe(409)
  })

  it('answers the same 401 for an unknown user, a wrong password and a disabled account', async () => {
    const { service, stopped } = setup('open')
    const admin = await service.signUp({ username: 'alice', password: 'correct horse' })
    const bob = await service.signUp({ username: 'bob', password: 'battery staple' })
    expect((await service.signIn({ username: 'bob', password: 'battery staple' })).id).toBe(bob.id)
    expect(await statusOf(service.signIn({ username: 'bob', password: 'wrong' }))).toBe(401)
    expect(await statusOf(service.signIn({ username: 'nobody', password: 'battery staple' }))).toBe(401)
    expect(await service.setDisabled(admin, bob.id, true)).toMatchObject({ disabled: true })
    expect(stopped).toEqual([bob.id])
    expect(await statusOf(service.signIn({ username: 'bob', password: 'battery staple' }))).toBe(401)
    await service.setDisabled(admin, bob.id, false)
    expect(await statusOf(service.signIn({ username: 'bob', password: 'battery staple' }))).toBe('ok')
    expect(await statusOf(service.setDisabled(admin, admin.id, true))).toBe(400)
    expect(await statusOf(service.setDisabled(admin, 'nobody', true))).toBe(404)
    expect(JSON.stringify(await service.listUsers())).not.toContain('h:')
  })
})
