// Per-user rate limits on costly routes (posting messages, uploads, workflow runs) and per-address
// limits on sign-in and sign-up: 429 with Retry-After in seconds. Which routes: core/security/rate-limits.ts.
import { createError, defineEventHandler, getRequestIP, setResponseHeader } from 'h3'
import { useAppContext } from '../core/app-context'
import { resolveUserId } from '../core/auth/resolve-user'
import { RateLimits } from '../core/security/rate-limits'

let limits: RateLimits | undefined

export default defineEventHandler((event) => {
  limits ??= new RateLimits(useAppContext().config.security)
  const rule = limits.ruleFor(event.method, event.path)
  if (!rule) return
  const key = rule.byAddress ? (getRequestIP(event) ?? 'unknown') : resolveUserId(event)
  const decision = limits.check(rule, key)
  if (decision.allowed) return
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000))
  setResponseHeader(event, 'retry-after', seconds)
  throw createError({ statusCode: 429, statusMessage: 'Too Many Requests', message: `Too many requests (${rule.name}); try again in ${seconds} s.` })
})
