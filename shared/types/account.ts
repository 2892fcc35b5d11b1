// Accounts and invitations of `accounts` mode: the stored shapes (validated when read back from any
// store), the public view of a user, and the rules for usernames and passwords. No storage or hashing here.
import { z } from 'zod'

export const ACCOUNT_ROLES = ['admin', 'member'] as const
export type AccountRole = (typeof ACCOUNT_ROLES)[number]

/** 3-32 characters: lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
export const usernameSchema = z.string().trim().toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, 'use 3-32 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit')

/** 8-200 characters; anything else is up to the user. */
export const passwordSchema = z.string().min(8, 'use at least 8 characters').max(200, 'use at most 200 characters')

/** One account as stored: the password only as its scrypt hash. */
export const accountSchema = z.object({
  id: z.string().min(1).max(64),
  username: z.string().min(1),
  passwordHash: z.string().min(1),
  role: z.enum(ACCOUNT_ROLES),
  disabled: z.boolean(),
  /** Raised whenever the account is disabled: sessions carrying an older version are over. */
  sessionVersion: z.number().int().nonnegative(),
  createdAt: z.number(),
})
export type Account = z.infer<typeof accountSchema>

/** One invitation as stored: the code only as its SHA-256, so a leaked database holds no usable code. */
export const invitationSchema = z.object({
  codeHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdBy: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  usedBy: z.string().nullable(),
})
export type Invitation = z.infer<typeof invitationSchema>

/** What the API shows of an account: never the hash or the session version. */
export const publicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: z.enum(ACCOUNT_ROLES),
  disabled: z.boolean(),
  createdAt: z.number(),
})
export type PublicUser = z.infer<typeof publicUserSchema>

/** The public view of an account. */
export function toPublicUser(account: Account): PublicUser {
  return { id: account.id, username: account.username, role: account.role, disabled: account.disabled, createdAt: account.createdAt }
}
