// Accounts kept in this process's memory (the `memory` store provider and unit tests). Lost on restart.
// It does not hash or validate passwords; that is the account service's job.
import { accountSchema, invitationSchema, type Account, type Invitation } from '#shared/types/account'
import type { AccountStore } from '../account-store'

/** A fresh, empty in-memory account store. */
export function createMemoryAccountStore(): AccountStore {
  const accounts = new Map<string, Account>()
  const invitations = new Map<string, Invitation>()
  // Copies in and out, validated, so callers never share the stored objects.
  const read = (account: Account | undefined): Account | null => account ? accountSchema.parse({ ...account }) : null
  return {
    provider: 'memory',
    countAccounts: async () => accounts.size,
    async createAccount(input, permit, now) {
      if ([...accounts.values()].some(account => account.username === input.username)) return { ok: false, reason: 'username-taken' }
      const first = accounts.size === 0
      if (!first && permit.kind === 'invitation') {
        const invitation = invitations.get(permit.codeHash)
        if (!invitation || invitation.usedBy !== null || invitation.expiresAt <= now) return { ok: false, reason: 'invitation-invalid' }
        invitations.set(permit.codeHash, { ...invitation, usedBy: input.id })
      }
      const account: Account = { ...input, role: first ? 'admin' : 'member', disabled: false, sessionVersion: 0 }
      accounts.set(account.id, account)
      return { ok: true, account: accountSchema.parse({ ...account }) }
    },
    findByUsername: async username => read([...accounts.values()].find(account => account.username === username)),
    getAccount: async id => read(accounts.get(id)),
    listAccounts: async () => [...accounts.values()].sort((a, b) => a.createdAt - b.createdAt).map(account => accountSchema.parse({ ...account })),
    async setDisabled(id, disabled) {
      const account = accounts.get(id)
      if (!account) return null
      const updated = { ...account, disabled, sessionVersion: disabled ? account.sessionVersion + 1 : account.sessionVersion }
      accounts.set(id, updated)
      return read(updated)
    },
    async createInvitation(invitation) {
      invitations.set(invitation.codeHash, invitationSchema.parse({ ...invitation }))
    },
    close: async () => undefined,
  }
}
