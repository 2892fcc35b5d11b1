// Who is asking. Accounts mode: the signed-in account the session middleware checked (401 otherwise).
// Single mode: the one local owner; test suites may enable a trusted `x-errand-user` header, which the
// server refuses at start-up unless NUXT_AUTH_TEST_MODE is also on (startup-checks.ts).
import { getHeader, type H3Event } from 'h3'
import { badInput } from '../http/app-error'
import { useAppContext } from '../app-context'
import { requireAccount } from './request-account'

const USER_ID_PATTERN = /^[\w-]{1,64}$/

/** The caller's user id. */
export function resolveUserId(event: H3Event): string {
  const { auth } = useAppContext().config
  if (auth.mode === 'accounts') return requireAccount(event).id
  if (!auth.trustUserHeader || !auth.testMode) return auth.localUserId
  const header = getHeader(event, 'x-errand-user')
  if (header === undefined) return auth.localUserId
  if (!USER_ID_PATTERN.test(header)) throw badInput('Invalid x-errand-user header: use 1-64 letters, digits, _ or -.')
  return header
}
