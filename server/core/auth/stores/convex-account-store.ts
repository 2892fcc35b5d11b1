// Accounts in the Convex deployment of the `convex` store provider: each method is one call to
// convex/accounts.ts with the server secret. Answers are validated with the shared schemas.
import { ConvexHttpClient } from 'convex/browser'
import { accountSchema } from '#shared/types/account'
import { api } from '../../../../convex/_generated/api'
import type { ConvexFunctionClient } from '../../store/convex/convex-store'
import type { AccountStore } from '../account-store'

const nullableAccount = accountSchema.nullable()

/** An account store on `client` (ConvexHttpClient, or convex-test in tests). */
export function createConvexAccountStore(options: { client: ConvexFunctionClient; secret: string }): AccountStore {
  const { client, secret } = options
  return {
    provider: 'convex',
    countAccounts: async () => Number(await client.query(api.accounts.count, { secret })),
    async createAccount(input, permit, now) {
      const result = await client.mutation(api.accounts.create, {
        secret, ...input, now, ...(permit.kind === 'invitation' ? { invitationHash: permit.codeHash } : {}),
      }) as { ok: boolean; reason?: 'username-taken' | 'invitation-invalid'; account?: unknown }
      if (!result.ok) return { ok: false, reason: result.reason ?? 'username-taken' }
      return { ok: true, account: accountSchema.parse(result.account) }
    },
    findByUsername: async username => nullableAccount.parse(await client.query(api.accounts.byUsername, { secret, username })),
    getAccount: async id => nullableAccount.parse(await client.query(api.accounts.get, { secret, id })),
    listAccounts: async () => accountSchema.array().parse(await client.query(api.accounts.list, { secret })),
    setDisabled: async (id, disabled) => nullableAccount.parse(await client.mutation(api.accounts.setDisabled, { secret, id, disabled })),
    async createInvitation(invitation) {
      await client.mutation(api.accounts.createInvitation, {
        secret, codeHash: invitation.codeHash, createdBy: invitation.createdBy, createdAt: invitation.createdAt, expiresAt: invitation.expiresAt,
      })
    },
    close: async () => undefined,
  }
}

/** Opens the account store on the configured deployment. */
export function openConvexAccountStore(url: string, secret: string): AccountStore {
  return createConvexAccountStore({ client: new ConvexHttpClient(url), secret })
}
