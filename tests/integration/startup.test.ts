// Listening safely: the built server started with no HOST listens on loopback only; single mode on
// 0.0.0.0 without the opt-in, and the trusted test header without the test flag, refuse to start with a
// message naming the setting; the opt-in and accounts mode start.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { startErrandServer, freePort } from './support/errand-server'
import { TEST_SESSION_PASSWORD } from './support/accounts-client'

const entry = fileURLToPath(new URL('../../.output/server/index.mjs', import.meta.url))

/** Runs the built server with exactly `env` and waits for it to exit (or kills it after `timeoutMs`). */
function runServer(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'errand-startup-'))
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', NUXT_STORE_SQLITE_PATH: join(dataDir, 'e.sqlite'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      rmSync(dataDir, { recursive: true, force: true })
      resolve({ code, output })
    })
  })
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host)
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

describe('listening', () => {
  it('refuses single mode on 0.0.0.0 without the opt-in, naming the settings', async () => {
    const { code, output } = await runServer({ HOST: '0.0.0.0', PORT: String(await freePort()) })
    expect(code).toBe(1)
    expect(output).toContain('Refusing to listen on 0.0.0.0 in single mode')
    expect(output).toContain('NUXT_AUTH_ALLOW_REMOTE=true')
    expect(output).toContain('NUXT_AUTH_MODE=accounts')
  }, 30_000)

  it('refuses the trusted user header without NUXT_AUTH_TEST_MODE, and accounts mode without a session secret', async () => {
    const header = await runServer({ HOST: '127.0.0.1', PORT: String(await freePort()), NUXT_AUTH_TRUST_USER_HEADER: 'true' })
    expect(header.code).toBe(1)
    expect(header.output).toContain('NUXT_AUTH_TEST_MODE=true')
    const accounts = await runServer({ HOST: '127.0.0.1', PORT: String(await freePort()), NUXT_AUTH_MODE: 'accounts' })
    expect(accounts.code).toBe(1)
    expect(accounts.output).toContain('NUXT_SESSION_PASSWORD')
  }, 30_000)

  it('listens on loopback only when started with no HOST', async () => {
    const server = await startErrandServer({ env: { HOST: '', NUXT_AUTH_TRUST_USER_HEADER: 'false' } })
    try {
      const port = Number(new URL(server.url).port)
      expect(server.output()).toContain(`Listening on http://127.0.0.1:${port}`)
      expect(await canConnect('127.0.0.1', port)).toBe(true)
      const external = Object.values(networkInterfaces()).flat().find(address => address && !address.internal && address.family === 'IPv4')
      if (external) expect(await canConnect(external.address, port)).toBe(false)
    } finally {
      await server.stop()
    }
  }, 30_000)

  it('starts on 0.0.0.0 with the opt-in, or in accounts mode', async () => {
    for (const env of [{ NUXT_AUTH_ALLOW_REMOTE: 'true' }, { NUXT_AUTH_MODE: 'accounts', NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD }]) {
      const server = await startErrandServer({ env: { HOST: '0.0.0.0', NUXT_AUTH_TRUST_USER_HEADER: 'false', ...env } })
      try {
        expect(server.output()).toMatch(/Listening on http:\/\/(0\.0\.0\.0|\[::\])/)
      } finally {
        await server.stop()
      }
    }
  }, 60_000)
})
