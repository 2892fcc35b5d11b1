// Start-up refusals that keep a server from being exposed by accident: a non-loopback address in
// single mode without the opt-in, the trusted test header outside tests, accounts mode without a
// session secret. Pure: it reads the config and env it is given and returns what to do; it starts nothing.
import type { AppConfig } from '../config/app-config'

/** The loopback address Errand listens on when HOST / NITRO_HOST is not set. */
export const DEFAULT_LISTEN_HOST = '127.0.0.1'

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]'])

/** True for names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase()
  return LOOPBACK_HOSTS.has(name) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
}

/** What start-up must do: listen on `listenHost`, or refuse with `problems` (each names the setting to change). */
export interface StartupDecision {
  listenHost: string
  /** True when neither NITRO_HOST nor HOST was given, so the caller sets HOST to the loopback default. */
  hostDefaulted: boolean
  problems: string[]
}

/** Decides the listen address and collects every reason not to start. */
export function checkStartup(config: Pick<AppConfig, 'auth'>, env: NodeJS.ProcessEnv): StartupDecision {
  const given = env.NITRO_HOST || env.HOST || ''
  const listenHost = given || DEFAULT_LISTEN_HOST
  const problems: string[] = []
  const { auth } = config
  if (auth.mode === 'single' && !isLoopbackHost(listenHost) && !auth.allowRemote) {
    problems.push(`Refusing to listen on ${listenHost} in single mode (no sign-in: anyone who can reach it is the owner). `
      + 'Set NUXT_AUTH_MODE=accounts to require sign-in, or NUXT_AUTH_ALLOW_REMOTE=true if a proxy in front of Errand '
      + 'authenticates every request, or listen on loopback (HOST=127.0.0.1). See docs/security.md.')
  }
  if (auth.trustUserHeader && !auth.testMode) {
    problems.push('Refusing to start: NUXT_AUTH_TRUST_USER_HEADER lets any client choose its user and is for test suites only; '
      + 'it needs NUXT_AUTH_TEST_MODE=true as well. Remove NUXT_AUTH_TRUST_USER_HEADER on a real server.')
  }
  if (auth.trustUserHeader && auth.mode === 'accounts') {
    problems.push('Refusing to start: NUXT_AUTH_TRUST_USER_HEADER cannot be combined with NUXT_AUTH_MODE=accounts; users come from their sessions.')
  }
  if (auth.mode === 'accounts' && (env.NUXT_SESSION_PASSWORD ?? '').length < 32) {
    problems.push('Refusing to start in accounts mode without a session secret: set NUXT_SESSION_PASSWORD to a random string of at least 32 characters '
      + '(e.g. `openssl rand -hex 32`).')
  }
  return { listenHost, hostDefaulted: given === '', problems }
}
