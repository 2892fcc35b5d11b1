// Accounts mode: finds the signed-in account of every API request from its session (checked against the
// stored account each time, so a disabled user is out at once) and answers 401 to anything but the
// public routes without one; a page request without a valid session is redirected to /signin.
// Single mode: nothing to do.
import { createError, defineEventHandler, sendRedirect } from 'h3'
import { useRuntimeConfig } from '#imports'
import { useAppContext } from '../core/app-context'
import { loadRequestAccount } from '../core/auth/request-account'

/** Pages anyone may open, and paths that are not pages (assets, build files, the API). */
const PUBLIC_PAGE = /^\/(?:signin|signup)\/?(?:\?|$)|^\/(?:_nuxt|api|_fonts|_ipx|__nuxt|favicon)|\.[a-z0-9]+(?:\?|$)/i

/** Routes that answer without a session. */
const PUBLIC_API = /^\/api\/(?:health|auth\/(?:signin|signup|signout|me)|_auth\/session)\/?(?:\?|$)/

export default defineEventHandler(async (event) => {
  const { auth } = useAppContext().config
  if (auth.mode !== 'accounts') return
  const isApi = event.path.startsWith('/api/')
  if (!isApi && (event.method !== 'GET' || PUBLIC_PAGE.test(event.path))) return
  const cookieName = String((useRuntimeConfig().session as { name?: string } | undefined)?.name ?? 'nuxt-session')
  const account = await loadRequestAccount(event, auth.sessionMaxAgeSeconds * 1000, cookieName)
  if (!isApi) {
    if (!account) return sendRedirect(event, '/signin', 302)
    return
  }
  if (!account && !PUBLIC_API.test(event.path)) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Sign in first.' })
  }
})
