// store-writes: how many store writes one long job makes per second and per 1,000 tokens at 10, 100
// and 1,000 tokens/s, for sqlite, memory and convex (convex-test), batched (the server's rules) against
// one write per token; then the store's fast paths (append cost by answer length, snapshot reads,
// follower reads). The measuring runs in-process under vitest (*.measure.ts); this module starts it
// and turns its figures into the suite's tables (fast-path-tables.mjs) and targets.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fastPathTables } from './fast-path-tables.mjs'

export const name = 'store-writes'

const root = fileURLToPath(new URL('../../', import.meta.url))
const vitest = join(root, 'node_modules/vitest/vitest.mjs')
const config = fileURLToPath(new URL('./vitest.config.mjs', import.meta.url))

/** @param {{ quick: boolean }} options @returns {Promise<import('../lib/report.mjs').BenchResult>} */
export async function run({ quick }) {
  const dir = mkdtempSync(join(tmpdir(), 'errand-bench-writes-'))
  const output = join(dir, 'figures.json')
  const fastPathsOutput = join(dir, 'fast-paths.json')
  try {
    await runVitest({ ...process.env, BENCH_QUICK: quick ? '1' : '0', BENCH_STORE_WRITES_OUTPUT: output, BENCH_STORE_FAST_PATHS_OUTPUT: fastPathsOutput })
    const figures = JSON.parse(readFileSync(output, 'utf8'))
    const fastPaths = JSON.parse(readFileSync(fastPathsOutput, 'utf8'))
    const { tables, targets, notes: fastPathNotes } = fastPathTables(fastPaths)
    /** @type {{ store: string, tokensPerSecond: number, mode: string, feedSeconds: number, writesPerSecond: number, writesPer1000Tokens: number, writeMsP50: number, writeMsP99: number, writeMsLastTenth: number, busyMsPerSecond: number, drainMs: number, intact: boolean }[]} */
    const measurements = figures.measurements
    return {
      name,
      title: 'Store writes: one long job, batched writes against one write per token',
      summary: `Each row feeds one job for ${figures.feedMs / 1000} s (feed s: how long it really took; longer when the store's calls hog the event loop). Batched = BatchedContentWriter with the server's rules `
        + `(every ${figures.flushRules.intervalMs} ms, ${figures.flushRules.maxChunks} chunks or ${figures.flushRules.maxBytes} bytes, one write in flight); `
        + 'naive = one appendJobContent per token, in order. Write ms = time of one store call (last 10 %: median of the last tenth of the writes, when the stored text is longest); busy = store-call milliseconds per second of streaming '
        + '(for sqlite this blocks the event loop); drain = time after the last token until everything was stored; intact = the stored text equals the fed text.',
      columns: ['store', 'tokens/s', 'mode', 'feed s', 'writes/s', 'writes per 1,000 tokens', 'write ms p50', 'write ms p99', 'write ms last 10 %', 'busy ms/s', 'drain ms', 'intact'],
      rows: measurements.map(entry => [entry.store, entry.tokensPerSecond, entry.mode, entry.feedSeconds, entry.writesPerSecond, entry.writesPer1000Tokens,
        entry.writeMsP50, entry.writeMsP99, entry.writeMsLastTenth, entry.busyMsPerSecond, entry.drainMs, entry.intact]),
      figures: { ...figures, fastPaths },
      tables,
      targets,
      notes: [...figures.notes, ...fastPaths.notes.filter((/** @type {string} */ note) => !figures.notes.includes(note)), ...fastPathNotes],
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs the measurement file under vitest; rejects with vitest's output when it fails. */
function runVitest(/** @type {NodeJS.ProcessEnv} */ env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitest, 'run', '--config', config], { cwd: root, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    const timer = setTimeout(() => child.kill('SIGTERM'), 15 * 60_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(undefined)
      else reject(new Error(`the store-writes measurement (vitest) exited with ${code}:\n${output}`))
    })
  })
}
