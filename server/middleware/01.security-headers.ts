// Security headers on every response, pages and API alike (server/core/security/security-headers.ts).
// Pages get a fresh script nonce, which the csp-nonce plugin writes into their inline <script> tags.
import { randomBytes } from 'node:crypto'
import { defineEventHandler, setResponseHeaders } from 'h3'
import { contentSecurityPolicy, STATIC_SECURITY_HEADERS } from '../core/security/security-headers'

export default defineEventHandler((event) => {
  const nonce = randomBytes(16).toString('base64')
  event.context.cspNonce = nonce
  setResponseHeaders(event, STATIC_SECURITY_HEADERS)
  // The dev server's injected scripts have no nonce; the policy applies to builds only.
  if (!import.meta.dev) setResponseHeaders(event, { 'content-security-policy': contentSecurityPolicy(nonce) })
})
