// Start-up: applies the start-up checks before Nitro's node server reads HOST (plugins run first):
// HOST defaults to loopback, and a server that would be exposed unsafely exits with the reason.
// Request-time defences live in server/middleware.
import { defineNitroPlugin, useRuntimeConfig } from '#imports'
import { readAppConfig } from '../core/config/app-config'
import { checkStartup } from '../core/auth/startup-checks'

export default defineNitroPlugin(() => {
  const decision = checkStartup(readAppConfig(useRuntimeConfig()), process.env)
  if (decision.problems.length > 0) {
    for (const problem of decision.problems) console.error(`[errand] ${problem}`)
    process.exit(1)
  }
  if (decision.hostDefaulted) process.env.HOST = decision.listenHost
})
