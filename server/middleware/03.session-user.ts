// Accounts mode: finds the signed-in account of every API request from its session (checked against the
// stored account each time, so a disabled user is out at once) and answers 401 to anything but the
// public routes without one. Single mode: nothing to do.
import { createError, defineEventHandler } from 'h3'
import { useRuntimeConfig } from '#imports'
import { useAppContext } from '../core/app-context'
import { loadRequestAccount } from '../core/auth/request-account'

/** Routes that answer without a session. */
const PUBLIC_API = /^\/api\/(?:health|auth\/(?:signin|signup|signout|me)|_auth\/session)\/?(?:\?|$)/

export default defineEventHandler(async (event) => {
  const { auth } = useAppContext().config
  if (auth.mode !== 'accounts' || !event.path.startsWith('/api/')) return
  const cookieName = String((useRuntimeConfig().session as { name?: string } | undefined)?.name ?? 'nuxt-session')
  const account = await loadRequestAccount(event, auth.sessionMaxAgeSeconds * 1000, cookieName)
  if (!account && !PUBLIC_API.test(event.path)) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Sign in first.' })
  }
})
