// The signed-in session as a sealed cookie (nuxt-auth-utils on h3's useSession) and scrypt password
// hashing from the same library. The only file that touches the library (its functions are Nitro
// auto-imports: clearUserSession, getUserSession, replaceUserSession, hashPassword, verifyPassword);
// who may do what is decided elsewhere.
import type { H3Event } from 'h3'
import { z } from 'zod'
import type { Account } from '#shared/types/account'
import type { PasswordHasher } from './password-hasher'

/** What the cookie carries: who, which session version of the account, and when it was issued. */
const sessionDataSchema = z.object({
  user: z.object({ id: z.string(), username: z.string() }),
  sessionVersion: z.number().int().nonnegative(),
  issuedAt: z.number(),
})
export type SessionData = z.infer<typeof sessionDataSchema>

export const scryptHasher: PasswordHasher = {
  hash: password => hashPassword(password),
  verify: (hash, password) => verifyPassword(hash, password),
}

/** Starts a fresh session for `account` (a new cookie; nothing of an earlier session is kept). */
export async function startSession(event: H3Event, account: Account): Promise<void> {
  await replaceUserSession(event, {
    user: { id: account.id, username: account.username },
    sessionVersion: account.sessionVersion,
    issuedAt: Date.now(),
  })
}

/** The session's data, or null when there is none or it is not one of ours. */
export async function readSession(event: H3Event): Promise<SessionData | null> {
  const parsed = sessionDataSchema.safeParse(await getUserSession(event))
  return parsed.success ? parsed.data : null
}

export async function endSession(event: H3Event): Promise<void> {
  await clearUserSession(event)
}
