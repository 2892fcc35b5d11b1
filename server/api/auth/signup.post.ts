// POST /api/auth/signup { username, password, invitation? } — creates an account (the first one is the
// admin) and signs it in (201 with the user). Sign-up is by invitation unless NUXT_AUTH_SIGNUP=open.
import { setResponseStatus } from 'h3'
import { signupBodySchema } from '#shared/schemas/auth-api'
import { toPublicUser } from '#shared/types/account'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { readBodyWith } from '../../core/http/parse-input'
import { useAuthContext } from '../../core/auth/auth-context'
import { logAuthEvent, requireAccountsMode } from '../../core/auth/auth-routes'
import { startSession } from '../../core/auth/session'

export default defineApiHandler(async (event) => {
  requireAccountsMode(event)
  const body = await readBodyWith(event, signupBodySchema)
  const account = await useAuthContext().service.signUp(body)
  await startSession(event, account)
  logAuthEvent(event, 'signup', { username: account.username, userId: account.id })
  setResponseStatus(event, 201)
  return toPublicUser(account)
})
