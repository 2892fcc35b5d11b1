// Writes the request's CSP nonce (set by the security-headers middleware) into every <script> tag of a
// server-rendered page, so Nuxt's inline scripts run while injected ones cannot. Nothing else in the page changes.
import { defineNitroPlugin } from '#imports'
import { addScriptNonce } from '../core/security/security-headers'

export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:html', (html, { event }) => {
    const nonce = event.context.cspNonce
    if (typeof nonce !== 'string') return
    for (const part of ['head', 'bodyPrepend', 'body', 'bodyAppend'] as const) {
      html[part] = html[part].map(fragment => addScriptNonce(fragment, nonce))
    }
  })
})
