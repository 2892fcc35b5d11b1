// Who is asking. Until accounts exist every request belongs to the one local owner; tests may enable
// a trusted `x-errand-user` header (never on a shared server) to prove isolation over real HTTP.
import { getHeader, type H3Event } from 'h3'
import { badInput } from '../http/app-error'
import { useAppContext } from '../app-context'

const USER_ID_PATTERN = /^[\w-]{1,64}$/

/** The caller's user id. */
export function resolveUserId(event: H3Event): string {
  const { auth } = useAppContext().config
  if (!auth.trustUserHeader) return auth.localUserId
  const header = getHeader(event, 'x-errand-user')
  if (header === undefined) return auth.localUserId
  if (!USER_ID_PATTERN.test(header)) throw badInput('Invalid x-errand-user header: use 1-64 letters, digits, _ or -.')
  return header
}
