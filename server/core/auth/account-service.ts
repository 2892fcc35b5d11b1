// What accounts mode does: sign-up (first account = admin; then by invitation or open), sign-in with
// the same answer and the same work for an unknown user as for a wrong password, invitations, and
// disabling a user (their sessions end and their running jobs stop). Sessions and HTTP are elsewhere.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { toPublicUser, type Account, type PublicUser } from '#shared/types/account'
import { AppError, badInput, conflict, notFound } from '../http/app-error'
import type { AccountStore } from './account-store'
import type { PasswordHasher } from './password-hasher'

export interface AccountServiceDeps {
  store: AccountStore
  hasher: PasswordHasher
  signup: 'invite' | 'open'
  /** Stops every queued or streaming job of the user (job-service abort for each). */
  stopUserJobs: (userId: string) => Promise<void>
  now?: () => number
}

/** How long an invitation code stays usable. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000

export const hashInvitationCode = (code: string): string => createHash('sha256').update(code).digest('hex')

const invalidCredentials = (): AppError => new AppError(401, 'Wrong username or password.')

export function createAccountService(deps: AccountServiceDeps) {
  const now = deps.now ?? Date.now
  let dummyHash: Promise<string> | undefined

  return {
    async signUp(input: { username: string; password: string; invitation?: string }): Promise<Account> {
      const first = (await deps.store.countAccounts()) === 0
      if (!first && deps.signup === 'invite' && !input.invitation) {
        throw new AppError(403, 'Sign-up is by invitation: ask the admin for an invitation code.')
      }
      const passwordHash = await deps.hasher.hash(input.password)
      const permit = deps.signup === 'invite' && input.invitation
        ? { kind: 'invitation' as const, codeHash: hashInvitationCode(input.invitation) }
        : { kind: 'open' as const }
      const result = await deps.store.createAccount({ id: randomUUID(), username: input.username, passwordHash, createdAt: now() }, permit, now())
      if (result.ok) return result.account
      if (result.reason === 'username-taken') throw conflict(`The username '${input.username}' is taken.`)
      throw new AppError(403, 'That invitation code is not valid (unknown, used or expired).')
    },

    /** The account for these credentials; a 401 otherwise (also for a disabled account, so its state is not revealed). */
    async signIn(input: { username: string; password: string }): Promise<Account> {
      const account = await deps.store.findByUsername(input.username)
      if (!account) {
        // Same work as a real check, so timing does not tell which usernames exist.
        dummyHash ??= deps.hasher.hash(randomBytes(16).toString('hex'))
        await deps.hasher.verify(await dummyHash, input.password)
        throw invalidCredentials()
      }
      const valid = await deps.hasher.verify(account.passwordHash, input.password)
      if (!valid || account.disabled) throw invalidCredentials()
      return account
    },

    async invite(admin: Account): Promise<{ code: string; expiresAt: number }> {
      const code = randomBytes(18).toString('base64url')
      const createdAt = now()
      const expiresAt = createdAt + INVITATION_TTL_MS
      await deps.store.createInvitation({ codeHash: hashInvitationCode(code), createdBy: admin.id, createdAt, expiresAt, usedBy: null })
      return { code, expiresAt }
    },

    async listUsers(): Promise<PublicUser[]> {
      return (await deps.store.listAccounts()).map(toPublicUser)
    },

    /** Disables or re-enables `userId`. Disabling ends their sessions and stops their running jobs. */
    async setDisabled(admin: Account, userId: string, disabled: boolean): Promise<PublicUser> {
      if (userId === admin.id && disabled) throw badInput('You cannot disable your own account.')
      const account = await deps.store.setDisabled(userId, disabled)
      if (!account) throw notFound('user', userId)
      if (disabled) await deps.stopUserJobs(userId)
      return toPublicUser(account)
    },
  }
}

export type AccountService = ReturnType<typeof createAccountService>
