// Starts the built Errand server (.output) as a child process on a free loopback port, with the env a
// test gives it, and waits until /api/health answers. Also a tiny JSON client bound to that server.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const defaultEntry = fileURLToPath(new URL('../../../.output/server/index.mjs', import.meta.url))

export interface ErrandServer {
  url: string
  dataDir: string
  output: () => string
  /** The output once it contains `text` (log lines go out at the end of the server's event-loop turn). */
  outputContaining: (text: string | RegExp, timeoutMs?: number) => Promise<string>
  /** Sends a JSON request; the answer's status and parsed body. */
  api: <T = unknown>(path: string, init?: { method?: string; body?: unknown; rawBody?: string; user?: string; headers?: Record<string, string> }) => Promise<{ status: number; body: T }>
  stop: () => Promise<void>
  kill: () => Promise<void>
  process: ChildProcess
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Starts the server; `env` adds to or overrides the defaults (sqlite in a temp dir, mock endpoint). */
export async function startErrandServer(options: { mockUrl?: string; env?: Record<string, string>; dataDir?: string; port?: number; entry?: string } = {}): Promise<ErrandServer> {
  const port = options.port ?? await freePort()
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'errand-it-'))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    NUXT_STORE_PROVIDER: 'sqlite',
    NUXT_STORE_SQLITE_PATH: join(dataDir, 'errand.sqlite'),
    NUXT_UPLOADS_DIR: join(dataDir, 'uploads'),
    NUXT_AUTH_TRUST_USER_HEADER: 'true',
    NUXT_AUTH_TEST_MODE: 'true',
    // Tests and benchmarks post far more messages per user than a person would; the rate-limit test sets its own.
    NUXT_SECURITY_MESSAGES_PER_MINUTE: '1000000',
    NUXT_LLM_RETRY_BASE_DELAY_MS: '50',
    NUXT_LLM_IDLE_TIMEOUT_MS: '1500',
    ...(options.mockUrl ? { NUXT_LLM_BASE_URL: options.mockUrl, NUXT_LLM_API_KEY: 'test-key-not-secret', NUXT_LLM_GENERATE_TITLES: 'false' } : {}),
    ...options.env,
  }
  const child = spawn(process.execPath, ['--no-node-snapshot', options.entry ?? defaultEntry], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const url = `http://127.0.0.1:${port}`
  await waitForHealth(url, child, () => output)

  const api: ErrandServer['api'] = async (path, init = {}) => {
    // Like a browser on this site: state-changing requests name their origin (the request guard needs it).
    const headers: Record<string, string> = { accept: 'application/json', origin: url, ...init.headers }
    if (init.user) headers['x-errand-user'] = init.user
    let body: string | undefined
    if (init.rawBody !== undefined) body = init.rawBody
    else if (init.body !== undefined) body = JSON.stringify(init.body)
    if (body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(url + path, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) })
    const text = await response.text()
    return { status: response.status, body: (text ? JSON.parse(text) : null) }
  }

  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited
  }
  return {
    url, dataDir, api, process: child, output: () => output,
    outputContaining: async (text, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs
      const found = () => (typeof text === 'string' ? output.includes(text) : text.test(output))
      while (!found() && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
      return output
    },
    stop: async () => {
      await stopWith('SIGTERM')
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
    // stop() twice is harmless: the second call finds the process gone.
    kill: () => stopWith('SIGKILL'),
  }
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Errand server exited with ${child.exitCode}:\n${output()}`)
    try {
      const response = await fetch(`${url}/api/health`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`Errand server did not become healthy in 30 s:\n${output()}`)
}
