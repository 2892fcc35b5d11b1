// The check that keeps Errand's Convex functions for the Errand server alone: every public function
// spreads `serverSecretArgs` into its arguments and calls `requireServerSecret` first; the secret must
// equal the deployment's ERRAND_CONVEX_SECRET (compared in constant time). Not an authorisation of
// users: the functions still scope every row by the user id the server passes.
import { ConvexError, v } from 'convex/values'
import { env } from '../_generated/server'

/** The deployment environment variable holding the shared secret. */
export const SECRET_ENVIRONMENT_VARIABLE = 'ERRAND_CONVEX_SECRET'

/** The argument every public function declares: the shared secret of the Errand server. */
export const serverSecretArgs = { secret: v.string() }

/** True when `given` equals `expected`; the time taken does not depend on where they first differ. */
export function constantTimeEqual(given: string, expected: string): boolean {
  const length = Math.max(given.length, expected.length)
  let difference = given.length ^ expected.length
  for (let index = 0; index < length; index++) {
    difference |= (given.charCodeAt(index) || 0) ^ (expected.charCodeAt(index) || 0)
  }
  return difference === 0
}

/** Throws unless the deployment has a secret and `given` is it. */
export function requireServerSecret(given: string): void {
  const expected = env[SECRET_ENVIRONMENT_VARIABLE]
  if (!expected) {
    throw new ConvexError(`${SECRET_ENVIRONMENT_VARIABLE} is not set on this Convex deployment, so its Errand functions refuse every call; `
      + `set it with \`npx convex env set ${SECRET_ENVIRONMENT_VARIABLE} <secret>\` and give the Errand server the same value in NUXT_STORE_CONVEX_SECRET.`)
  }
  if (!constantTimeEqual(given, expected)) {
    throw new ConvexError(`Wrong server secret: this function is only for the Errand server; `
      + `set NUXT_STORE_CONVEX_SECRET on the server to the deployment's ${SECRET_ENVIRONMENT_VARIABLE}.`)
  }
}
