// The request guard's pure rules: allowed hosts (DNS rebinding), same-origin proof for state-changing
// requests (CSRF), accepted content types, and the start-up refusals.
import { describe, expect, it } from 'vitest'
import { checkContentType, checkHost, checkOrigin, hostNameOf, isStateChanging } from '../../../server/core/security/request-checks'
import { checkStartup, isLoopbackHost } from '../../../server/core/auth/startup-checks'

const loopback = ['localhost', '127.0.0.1', '[::1]']

describe('request checks', () => {
  it('accepts listed host names with any port and refuses others', () => {
    expect(hostNameOf('[::1]:3000')).toBe('[::1]')
    expect(checkHost('127.0.0.1:3000', loopback)).toBeNull()
    expect(checkHost('LOCALHOST', loopback)).toBeNull()
    expect(checkHost('attacker.example:3000', loopback)).toMatch(/does not answer to the host 'attacker.example'/)
    expect(checkHost(undefined, loopback)).toMatch(/no Host/)
  })

  it('needs an Origin equal to the host, or Sec-Fetch-Site same-origin, on state-changing requests', () => {
    expect(isStateChanging('GET')).toBe(false)
    expect(isStateChanging('delete')).toBe(true)
    expect(checkOrigin({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' })).toBeNull()
    expect(checkOrigin({ host: 'chat.example', origin: 'https://chat.example' })).toBeNull()
    expect(checkOrigin({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:4000' })).toMatch(/Cross-origin/)
    expect(checkOrigin({ host: '127.0.0.1:3000', origin: 'null' })).not.toBeNull()
    expect(checkOrigin({ host: '127.0.0.1:3000', origin: 'not a url' })).toMatch(/not a URL/)
    expect(checkOrigin({ host: '127.0.0.1:3000', secFetchSite: 'same-origin' })).toBeNull()
    expect(checkOrigin({ host: '127.0.0.1:3000', secFetchSite: 'cross-site' })).toMatch(/needs an Origin/)
    expect(checkOrigin({ host: '127.0.0.1:3000' })).toMatch(/needs an Origin/)
  })

  it('accepts JSON (multipart on uploads) and refuses form posts and untyped bodies', () => {
    expect(checkContentType('application/json; charset=utf-8', true, ['application/json'])).toBeNull()
    expect(checkContentType(undefined, false, ['application/json'])).toBeNull()
    expect(checkContentType(undefined, true, ['application/json'])).toMatch(/needs a Content-Type/)
    expect(checkContentType('application/x-www-form-urlencoded', false, ['application/json'])).toMatch(/not accepted/)
    expect(checkContentType('text/plain', true, ['application/json'])).toMatch(/not accepted/)
    expect(checkContentType('multipart/form-data; boundary=x', true, ['multipart/form-data'])).toBeNull()
  })
})

describe('start-up checks', () => {
  const auth = { mode: 'single', signup: 'invite', allowRemote: false, testMode: false, localUserId: 'local', trustUserHeader: false, sessionMaxAgeSeconds: 60 } as const

  it('defaults to loopback and refuses a public address in single mode without the opt-in', () => {
    expect(checkStartup({ auth }, {})).toEqual({ listenHost: '127.0.0.1', hostDefaulted: true, problems: [] })
    expect(isLoopbackHost('127.0.0.2')).toBe(true)
    expect(checkStartup({ auth }, { HOST: '0.0.0.0' }).problems[0]).toMatch(/NUXT_AUTH_MODE=accounts.*NUXT_AUTH_ALLOW_REMOTE=true/)
    expect(checkStartup({ auth: { ...auth, allowRemote: true } }, { HOST: '0.0.0.0' }).problems).toEqual([])
    expect(checkStartup({ auth: { ...auth, mode: 'accounts' } }, { HOST: '0.0.0.0', NUXT_SESSION_PASSWORD: 'x'.repeat(32) }).problems).toEqual([])
  })

  it('refuses the trusted user header without the test flag, and accounts mode without a session secret', () => {
    expect(checkStartup({ auth: { ...auth, trustUserHeader: true } }, {}).problems[0]).toMatch(/NUXT_AUTH_TEST_MODE=true/)
    expect(checkStartup({ auth: { ...auth, trustUserHeader: true, testMode: true } }, {}).problems).toEqual([])
    expect(checkStartup({ auth: { ...auth, mode: 'accounts' } }, { NUXT_SESSION_PASSWORD: 'short' }).problems[0]).toMatch(/NUXT_SESSION_PASSWORD/)
  })
})
