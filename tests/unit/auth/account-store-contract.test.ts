// The AccountStore contract, run against every implementation (memory, SQLite, Convex via convex-test):
// the first account is the admin, usernames are unique, invitations work once and expire, disabling
// raises the session version, and rows read back are the shared shapes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AccountStore } from '../../../server/core/auth/account-store'
import { createMemoryAccountStore } from '../../../server/core/auth/stores/memory-account-store'
import { createSqliteAccountStore } from '../../../server/core/auth/stores/sqlite-account-store'
import { createConvexAccountStore } from '../../../server/core/auth/stores/convex-account-store'
import { makeConvexBackend, TEST_SECRET, useTestSecret } from '../store/convex-backend'

useTestSecret()
const dir = mkdtempSync(join(tmpdir(), 'errand-accounts-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const factories: Record<string, () => AccountStore> = {
  memory: () => createMemoryAccountStore(),
  sqlite: () => createSqliteAccountStore({ path: join(dir, `${Math.random().toString(36).slice(2)}.sqlite`) }),
  convex: () => createConvexAccountStore({ client: makeConvexBackend(), secret: TEST_SECRET }),
}

const newAccount = (username: string) => ({ id: `id-${username}`, username, passwordHash: `hash-of-${username}`, createdAt: Date.now() })
const NOW = 1_000_000

describe.each(Object.keys(factories))('%s account store', (name) => {
  const open = factories[name] as () => AccountStore

  it('makes the first account the admin and later ones members; usernames are unique', async () => {
    const store = open()
    expect(await store.countAccounts()).toBe(0)
    const first = await store.createAccount(newAccount('alice'), { kind: 'open' }, NOW)
    expect(first).toMatchObject({ ok: true, account: { username: 'alice', role: 'admin', disabled: false, sessionVersion: 0 } })
    expect(await store.createAccount(newAccount('bob'), { kind: 'open' }, NOW)).toMatchObject({ ok: true, account: { role: 'member' } })
    expect(await store.createAccount({ ...newAccount('alice'), id: 'other' }, { kind: 'open' }, NOW)).toEqual({ ok: false, reason: 'username-taken' })
    expect(await store.countAccounts()).toBe(2)
    expect((await store.findByUsername('bob'))?.passwordHash).toBe('hash-of-bob')
    expect(await store.getAccount('id-alice')).toMatchObject({ username: 'alice' })
    expect(await store.getAccount('nobody')).toBeNull()
    expect((await store.listAccounts()).map(account => account.username)).toEqual(['alice', 'bob'])
    await store.close()
  })

  it('uses an invitation once and refuses unknown or expired ones', async () => {
    const store = open()
    await store.createAccount(newAccount('admin'), { kind: 'open' }, NOW)
    await store.createInvitation({ codeHash: 'a'.repeat(64), createdBy: 'id-admin', createdAt: NOW, expiresAt: NOW + 1000, usedBy: null })
    await store.createInvitation({ codeHash: 'b'.repeat(64), createdBy: 'id-admin', createdAt: NOW, expiresAt: NOW + 10, usedBy: null })
    expect(await store.createAccount(newAccount('unknown'), { kind: 'invitation', codeHash: 'c'.repeat(64) }, NOW)).toEqual({ ok: false, reason: 'invitation-invalid' })
    expect(await store.createAccount(newAccount('late'), { kind: 'invitation', codeHash: 'b'.repeat(64) }, NOW + 20)).toEqual({ ok: false, reason: 'invitation-invalid' })
    expect(await store.createAccount(newAccount('carol'), { kind: 'invitation', codeHash: 'a'.repeat(64) }, NOW)).toMatchObject({ ok: true })
    expect(await store.createAccount(newAccount('dave'), { kind: 'invitation', codeHash: 'a'.repeat(64) }, NOW)).toEqual({ ok: false, reason: 'invitation-invalid' })
    expect(await store.countAccounts()).toBe(2)
    await store.close()
  })

  it('disabling raises the session version; enabling keeps it', async () => {
    const store = open()
    await store.createAccount(newAccount('erin'), { kind: 'open' }, NOW)
    expect(await store.setDisabled('id-erin', true)).toMatchObject({ disabled: true, sessionVersion: 1 })
    expect(await store.setDisabled('id-erin', false)).toMatchObject({ disabled: false, sessionVersion: 1 })
    expect(await store.setDisabled('nobody', true)).toBeNull()
    await store.close()
  })
})
