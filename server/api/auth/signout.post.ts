// POST /api/auth/signout — ends the session (clears the cookie); 204 whether or not one was open.
import { setResponseStatus } from 'h3'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { logAuthEvent, requireAccountsMode } from '../../core/auth/auth-routes'
import { requestAccount } from '../../core/auth/request-account'
import { endSession } from '../../core/auth/session'

export default defineApiHandler(async (event) => {
  requireAccountsMode(event)
  const account = requestAccount(event)
  await endSession(event)
  if (account) logAuthEvent(event, 'signout', { username: account.username, userId: account.id })
  setResponseStatus(event, 204)
  return null
})
