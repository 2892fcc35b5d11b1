// GET /api/auth/me — the mode and the signed-in user (null when nobody is, and always in single mode).
import type { MeResult } from '#shared/schemas/auth-api'
import { toPublicUser } from '#shared/types/account'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { useAppContext } from '../../core/app-context'
import { useAuthContext } from '../../core/auth/auth-context'
import { requestAccount } from '../../core/auth/request-account'

export default defineApiHandler(async (event): Promise<MeResult> => {
  const { auth } = useAppContext().config
  if (auth.mode !== 'accounts') return { mode: 'single', signup: auth.signup, needsFirstAccount: false, user: null }
  const account = requestAccount(event)
  const needsFirstAccount = (await useAuthContext().store.countAccounts()) === 0
  return { mode: 'accounts', signup: auth.signup, needsFirstAccount, user: account ? toPublicUser(account) : null }
})
