// The steps the auth and admin routes share: refusing accounts routes in single mode (404, as if they did
// not exist) and logging sign-in events without passwords or tokens. Route files stay thin.
import type { H3Event } from 'h3'
import { getRequestIP } from 'h3'
import { useAppContext } from '../app-context'
import { notFound } from '../http/app-error'
import { logger } from '../observability/logger'

/** Accounts routes do not exist in single mode. */
export function requireAccountsMode(event: H3Event): void {
  if (useAppContext().config.auth.mode !== 'accounts') throw notFound('route', event.path)
}

/** One line per auth event: what happened, to which username, from where. Never a password, hash or cookie. */
export function logAuthEvent(event: H3Event, what: 'signin' | 'signin-failed' | 'signout' | 'signup' | 'user-disabled' | 'user-enabled' | 'invitation-created', fields: { username?: string; userId?: string; by?: string }): void {
  logger.info(`auth: ${what}`, { ...fields, address: getRequestIP(event) ?? 'unknown' })
}
