// The signed-in account of one request in accounts mode: read from the session cookie and checked on
// every request against the stored account (still there, not disabled, same session version, not expired).
// The session middleware stores it on the event; handlers read it through resolve-user.ts.
import { getCookie, type H3Event } from 'h3'
import type { Account } from '#shared/types/account'
import { AppError } from '../http/app-error'
import { useAuthContext } from './auth-context'
import { endSession, readSession } from './session'

const CONTEXT_KEY = 'errandAccount'

/** Reads and checks the session; a session that is no longer valid is cleared. Null when nobody is signed in. */
export async function loadRequestAccount(event: H3Event, sessionMaxAgeMs: number, cookieName: string): Promise<Account | null> {
  // Without a cookie there is nothing to read (and reading would set an empty session cookie).
  if (!getCookie(event, cookieName)) return null
  const session = await readSession(event)
  if (!session) return null
  const account = await useAuthContext().store.getAccount(session.user.id)
  const valid = account !== null && !account.disabled && account.sessionVersion === session.sessionVersion
    && session.issuedAt + sessionMaxAgeMs > Date.now()
  if (!valid) {
    await endSession(event)
    return null
  }
  event.context[CONTEXT_KEY] = account
  return account
}

/** The account the session middleware found, or undefined. */
export function requestAccount(event: H3Event): Account | undefined {
  return event.context[CONTEXT_KEY] as Account | undefined
}

/** The signed-in account, or a 401. */
export function requireAccount(event: H3Event): Account {
  const account = requestAccount(event)
  if (!account) throw new AppError(401, 'Sign in first.')
  return account
}

/** The signed-in admin; anyone else gets the 404 an unknown route gets (admin routes are not revealed). */
export function requireAdmin(event: H3Event): Account {
  const account = requireAccount(event)
  if (account.role !== 'admin') throw new AppError(404, `route '${event.path}' not found`)
  return account
}
