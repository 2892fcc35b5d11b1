// Starts what a benchmark runs against: the mock model server in its own process (so its CPU does not
// count as the server's) and the built Errand server (a private copy of .output) with debug endpoints
// and --expose-gc. Everything listens on 127.0.0.1. It measures nothing.
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startErrandServer } from '../../tests/integration/support/errand-server.ts'

const mockCli = fileURLToPath(new URL('../../tests/fixtures/mock-model-server/cli.mjs', import.meta.url))
const outputDir = fileURLToPath(new URL('../../.output/', import.meta.url))

/** @type {string | null} */
let copiedEntry = null

/**
 * The entry of a private copy of the build, made once per suite run: a `nuxt build` started meanwhile
 * (it empties .output) cannot pull lazily loaded chunks from under a running benchmark server.
 * @returns {string}
 */
function builtServerEntry() {
  if (copiedEntry) return copiedEntry
  if (!existsSync(join(outputDir, 'server/index.mjs'))) throw new Error(`No production build in ${outputDir}; run \`npx nuxt build\` before \`npm run bench\`.`)
  const dir = mkdtempSync(join(tmpdir(), 'errand-bench-build-'))
  cpSync(outputDir, join(dir, '.output'), { recursive: true })
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  copiedEntry = join(dir, '.output/server/index.mjs')
  return copiedEntry
}

/** @typedef {{ url: string, pid: number, stop: () => Promise<void> }} MockProcess */

/**
 * Runs the mock model server as a child process on a free port, playing the scenarios in `scenariosDir`.
 * @param {string} scenariosDir
 * @returns {Promise<MockProcess>}
 */
export async function startMockProcess(scenariosDir) {
  const child = spawn(process.execPath, [mockCli, '--port', '0', '--host', '127.0.0.1', '--scenarios', scenariosDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock model server did not start in 10 s:\n${output}`)), 10_000)
    child.stderr.on('data', chunk => { output += chunk })
    child.stdout.on('data', (chunk) => {
      output += chunk
      const match = /listening on (\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', code => reject(new Error(`the mock model server exited with ${code}:\n${output}`)))
  })
  const exited = new Promise(resolve => child.once('exit', resolve))
  return {
    url, pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

/** The extra server variables of BENCH_SERVER_ENV; a clear error when it is not a JSON object of strings. */
function benchServerEnv() {
  const text = process.env.BENCH_SERVER_ENV
  if (!text) return {}
  const parsed = JSON.parse(text)
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some(value => typeof value !== 'string')) {
    throw new Error('BENCH_SERVER_ENV must be a JSON object of strings, e.g. {"NUXT_JOBS_FANOUT_MODE":"fixed"}')
  }
  return parsed
}

/**
 * The built Errand server against the mock, with debug endpoints on, GC exposed and limits raised;
 * `env` overrides any of it. Its own output is kept (`server.output()`), not printed.
 * @param {{ mockUrl: string, models: string, env?: Record<string, string> }} options
 */
export async function startBenchServer({ mockUrl, models, env = {} }) {
  return startErrandServer({
    mockUrl,
    entry: builtServerEntry(),
    env: {
      // BENCH_NODE_OPTIONS adds flags to the server only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/errand-profiles`.
      NODE_OPTIONS: ['--expose-gc', process.env.BENCH_NODE_OPTIONS ?? ''].join(' ').trim(),
      NUXT_LLM_MODEL: models.split(',')[0] ?? 'mock/default',
      NUXT_LLM_MODELS: models,
      NUXT_LLM_IDLE_TIMEOUT_MS: '120000',
      NUXT_DEBUG_ENDPOINTS: 'true',
      NUXT_JOBS_MAX_CONCURRENT: '2000',
      NUXT_JOBS_MAX_CONCURRENT_PER_USER: '2000',
      // 1,000 viewers of one user's job: the per-user SSE cap (20 by default) would turn most away.
      NUXT_JOBS_MAX_SSE_CONNECTIONS_PER_USER: '5000',
      // BENCH_SERVER_ENV (a JSON object) sets more server variables for a comparison run, e.g. '{"NUXT_JOBS_FANOUT_MODE":"fixed"}'.
      ...benchServerEnv(),
      ...env,
    },
  })
}

/**
 * Starts the mock process and the server; `stop` ends both.
 * @param {{ scenariosDir: string, models: string, env?: Record<string, string> }} options
 */
export async function startBenchStack({ scenariosDir, models, env }) {
  const mock = await startMockProcess(scenariosDir)
  try {
    const server = await startBenchServer({ mockUrl: mock.url, models, env })
    return {
      mock, server,
      stop: async () => {
        await server.stop()
        await mock.stop()
      },
    }
  } catch (error) {
    await mock.stop()
    throw error
  }
}
