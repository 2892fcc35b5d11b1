// Request and response shapes of the sign-in, sign-up, session and admin routes (accounts mode).
// The account shapes themselves live in shared/types/account.ts.
import { z } from 'zod'
import { passwordSchema, publicUserSchema, usernameSchema } from '../types/account'

export const signinBodySchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(200),
}).strict()

export const signupBodySchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  /** Required when sign-up is by invitation (NUXT_AUTH_SIGNUP=invite), except for the very first account. */
  invitation: z.string().trim().min(1).max(200).optional(),
}).strict()

/** GET /api/auth/me: the mode, and the signed-in user (null when nobody is). */
export const meResultSchema = z.object({
  mode: z.enum(['single', 'accounts']),
  signup: z.enum(['invite', 'open']),
  /** True until the first account exists: the next sign-up becomes the admin without an invitation. */
  needsFirstAccount: z.boolean(),
  user: publicUserSchema.nullable(),
})
export type MeResult = z.infer<typeof meResultSchema>

/** POST /api/admin/invitations: the code is shown once; only its hash is stored. */
export const invitationResultSchema = z.object({
  code: z.string(),
  expiresAt: z.number(),
})
export type InvitationResult = z.infer<typeof invitationResultSchema>
