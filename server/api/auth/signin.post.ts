// POST /api/auth/signin { username, password } — starts a session (sealed cookie) for the account; 401
// with one message for an unknown user, a wrong password or a disabled account.
import { signinBodySchema } from '#shared/schemas/auth-api'
import { toPublicUser } from '#shared/types/account'
import { AppError } from '../../core/http/app-error'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { readBodyWith } from '../../core/http/parse-input'
import { useAuthContext } from '../../core/auth/auth-context'
import { logAuthEvent, requireAccountsMode } from '../../core/auth/auth-routes'
import { startSession } from '../../core/auth/session'

export default defineApiHandler(async (event) => {
  requireAccountsMode(event)
  const body = await readBodyWith(event, signinBodySchema)
  try {
    const account = await useAuthContext().service.signIn(body)
    await startSession(event, account)
    logAuthEvent(event, 'signin', { username: account.username, userId: account.id })
    return toPublicUser(account)
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 401) logAuthEvent(event, 'signin-failed', { username: body.username })
    throw error
  }
})
