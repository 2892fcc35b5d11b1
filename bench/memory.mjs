// memory: many short jobs (10,000; 1,000 with --quick) in a mix of watched, unwatched, disconnected and
// aborted, then heap used after a forced GC against the baseline, and the size of every per-job
// structure the server keeps (all must be back to zero), via the debug state route.
import { wordsText, writeScenarios } from './lib/bench-scenarios.mjs'
import { startBenchStack } from './lib/bench-servers.mjs'
import { abortJob, mapWithLimit, postJob } from './lib/jobs-client.mjs'
import { readDebugState, waitUntilIdle } from './lib/server-probe.mjs'
import { watchJob } from './lib/sse-viewer.mjs'
import { mebibytes, round } from './lib/stats.mjs'

export const name = 'memory'

const scenarios = {
  fast: { description: 'A short answer, as fast as possible.', rounds: [{ text: wordsText(20), tokensPerSecond: 0 }] },
  slow: { description: 'A short answer over ~400 ms, for aborting and leaving.', rounds: [{ text: wordsText(40), tokensPerSecond: 100 }] },
  tool: {
    description: 'One get_current_time round, then a short answer.',
    rounds: [{ tokensPerSecond: 0, toolCalls: [{ id: 'call_time', name: 'get_current_time', arguments: { timezone: 'UTC' } }] }, { text: wordsText(10), tokensPerSecond: 0 }],
  },
}

/** The six kinds of job, taken in turn: what the client does with each. */
const kinds = ['unwatched', 'watched', 'viewer leaves', 'aborted', 'aborted while watched', 'tool, watched']

/**
 * Runs one job of `kind` to its end (or the client's end of it).
 * @param {import('./lib/jobs-client.mjs').ErrandServer} server
 * @param {string} kind
 * @param {string} user
 */
async function runJobOfKind(server, kind, user) {
  const scenario = kind.startsWith('tool') ? 'tool' : kind === 'unwatched' || kind === 'watched' ? 'fast' : 'slow'
  const { jobId } = await postJob(server, scenario, { user })
  if (kind === 'aborted') return abortJob(server, jobId, user)
  if (kind === 'unwatched') return
  const leaveEarly = kind === 'viewer leaves' || kind === 'aborted while watched'
  await watchJob(server.url, jobId, { user, deadlineMs: 30_000, ...(leaveEarly ? { until: record => record.deltas >= 1 } : {}) })
  if (kind === 'aborted while watched') await abortJob(server, jobId, user)
}

/** @param {{ quick: boolean }} options @returns {Promise<import('./lib/report.mjs').BenchResult>} */
export async function run({ quick }) {
  const jobCount = quick ? 1000 : 10_000
  const folder = writeScenarios(scenarios)
  // A lower global limit than the client's concurrency, so some jobs wait in the queue (and some are aborted there).
  const stack = await startBenchStack({ scenariosDir: folder.dir, models: folder.models, env: { NUXT_JOBS_MAX_CONCURRENT: '30' } })
    .catch((error) => {
      folder.remove()
      throw error
    })
  const { server } = stack
  try {
    const runMix = (/** @type {number} */ count) => mapWithLimit(Array.from({ length: count }, (_, index) => index), 40,
      index => runJobOfKind(server, kinds[index % kinds.length] ?? 'unwatched', `user-${index % 10}`))
    await runMix(60)
    await settle(server.url)
    const before = await readDebugState(server.url, { gc: true, closeIdle: true })
    const startedAt = Date.now()
    await runMix(jobCount)
    const seconds = (Date.now() - startedAt) / 1000
    await settle(server.url)
    const after = await readDebugState(server.url, { gc: true, closeIdle: true })
    const statuses = await statusCounts(server)
    const rows = compare(before, after)
    const leftOver = after.jobs.live + after.jobs.viewers + after.jobs.running + after.jobs.queued + after.jobs.usersWithRunningJobs + (after.jobs.pingTimer ? 1 : 0)
    return {
      name,
      title: `Memory: ${jobCount.toLocaleString('en')} short jobs (watched, unwatched, left, aborted, with a tool)`,
      summary: `Server state after a 60-job warm-up (before) and after ${jobCount.toLocaleString('en')} more jobs (after), each read after two forced GCs `
        + 'and with idle keep-alive sockets closed. Per-job structures: live states (registry), viewers, running/queued jobs, per-user counters, the shared ping timer.',
      columns: ['figure', 'before', 'after', 'change'],
      rows,
      figures: { jobCount, seconds: round(seconds, 1), jobsPerSecond: round(jobCount / seconds, 1), statuses, before, after, kinds },
      targets: [{
        target: 'No per-job state left after 100 jobs',
        measured: `${leftOver === 0 ? 'none' : `${leftOver} entries`} left after ${jobCount.toLocaleString('en')} jobs; heap ${signed(mebibytes(after.memory.heapUsed - before.memory.heapUsed))} MiB`,
        pass: leftOver === 0,
      }],
      notes: [
        `${jobCount.toLocaleString('en')} jobs in ${round(seconds, 1)} s (${round(jobCount / seconds, 1)} jobs/s, 40 at a time, server limit 30 running); final statuses: ${JSON.stringify(statuses)}.`,
        'SQLite keeps every job row (retention is 1 h), on disk; heap growth should stay near zero.',
      ],
    }
  } finally {
    await stack.stop()
    folder.remove()
  }
}

/** Waits until nothing runs, no viewer is attached and no live state is held (at most 60 s). */
async function settle(/** @type {string} */ url) {
  await waitUntilIdle(url, 60_000)
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const state = await readDebugState(url)
    if (state.jobs.viewers === 0 && state.jobs.live === 0) return
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** How many jobs ended in each status, over the 10 users. */
async function statusCounts(/** @type {import('./lib/jobs-client.mjs').ErrandServer} */ server) {
  /** @type {Record<string, number>} */
  const counts = {}
  for (let index = 0; index < 10; index++) {
    const { body } = await server.api('/api/jobs', { user: `user-${index}` })
    for (const job of /** @type {{ status: string }[]} */ (body)) counts[job.status] = (counts[job.status] ?? 0) + 1
  }
  return counts
}

/** @param {number | null} value */
const signed = value => (value === null ? '–' : `${value >= 0 ? '+' : ''}${value}`)

/**
 * One row per figure: memory in MiB, every per-job structure, handles and listeners.
 * @param {import('./lib/server-probe.mjs').DebugState} before
 * @param {import('./lib/server-probe.mjs').DebugState} after
 * @returns {(string | number | null)[][]}
 */
function compare(before, after) {
  /** @type {[string, number, number, boolean][]} */
  const figures = [
    ['heap used (MiB)', before.memory.heapUsed, after.memory.heapUsed, true],
    ['heap total (MiB)', before.memory.heapTotal, after.memory.heapTotal, true],
    ['external (MiB)', before.memory.external, after.memory.external, true],
    ['RSS (MiB)', before.memory.rss, after.memory.rss, true],
    ...(['live', 'viewers', 'running', 'queued', 'usersWithRunningJobs'].map(key =>
      /** @type {[string, number, number, boolean]} */ ([`jobs: ${key}`, before.jobs[/** @type {'live'} */ (key)], after.jobs[/** @type {'live'} */ (key)], false]))),
    ['ping timer', Number(before.jobs.pingTimer), Number(after.jobs.pingTimer), false],
    ...[...new Set([...Object.keys(before.activeResources), ...Object.keys(after.activeResources)])].sort().map(type =>
      /** @type {[string, number, number, boolean]} */ ([`active ${type}`, before.activeResources[type] ?? 0, after.activeResources[type] ?? 0, false])),
    ['process listeners', before.listeners.process, after.listeners.process, false],
    ['server listeners', before.listeners.server, after.listeners.server, false],
    ['incoming connections', before.incomingConnections, after.incomingConnections, false],
  ]
  return figures.map(([label, first, second, bytes]) => bytes
    ? [label, mebibytes(first), mebibytes(second), signed(mebibytes(second - first))]
    : [label, first, second, signed(second - first)])
}
