// The port every account storage implements (memory, SQLite, Convex): accounts, invitations, the
// first-account-is-admin rule and invitation use done atomically. Hashing, sessions and HTTP are elsewhere.
import type { Account, Invitation } from '#shared/types/account'

/** A new account before the store decides its role. */
export interface NewAccount {
  id: string
  username: string
  passwordHash: string
  createdAt: number
}

/** How a sign-up may proceed: open, or with the SHA-256 of an invitation code. The first account never needs one. */
export type SignupPermit = { kind: 'open' } | { kind: 'invitation'; codeHash: string }

export type CreateAccountResult =
  | { ok: true; account: Account }
  | { ok: false; reason: 'username-taken' | 'invitation-invalid' }

export interface AccountStore {
  readonly provider: 'memory' | 'sqlite' | 'convex'
  countAccounts(): Promise<number>
  /**
   * Creates the account in one atomic step: the first account becomes the admin (and needs no
   * invitation); later ones are members and, with an invitation permit, use up an unused, unexpired one.
   */
  createAccount(account: NewAccount, permit: SignupPermit, now: number): Promise<CreateAccountResult>
  findByUsername(username: string): Promise<Account | null>
  getAccount(id: string): Promise<Account | null>
  listAccounts(): Promise<Account[]>
  /** Disables (raising the session version, which ends every session) or re-enables; null if unknown. */
  setDisabled(id: string, disabled: boolean): Promise<Account | null>
  createInvitation(invitation: Invitation): Promise<void>
  close(): Promise<void>
}
