// fan-out: one job streaming 2,000 tokens at 200 tokens/s (400 with --quick) to N viewers (10, 100, 1,000),
// with each fan-out mode (adaptive, fixed, off). Latency is per token, from the mock model's emission stamp
// to the viewer's receipt; plus events and bytes per viewer and whether every viewer's text equals the
// job's stored content. `measure` is shared with the peer benchmark.
import { blockerScenario, wordsText, writeScenarios } from './lib/bench-scenarios.mjs'
import { startBenchStack } from './lib/bench-servers.mjs'
import { abortJob, getJob, postJob, warmUp } from './lib/jobs-client.mjs'
import { readMetrics } from './lib/server-probe.mjs'
import { round, summarize } from './lib/stats.mjs'
import { watchJob } from './lib/sse-viewer.mjs'
import { stripStamps } from '../tests/fixtures/mock-model-server/token-stamp.mjs'

export const name = 'fan-out'

export const audiences = [10, 100, 1000]
const modes = /** @type {const} */ (['adaptive', 'fixed', 'off'])

/** The workload both fan-out benchmarks play. @param {boolean} quick */
export function fanOutWorkload(quick) {
  const tokens = quick ? 400 : 2000
  const tokensPerSecond = 200
  return { scenario: 'fanout', tokens, tokensPerSecond, text: wordsText(tokens), streamSeconds: tokens / tokensPerSecond }
}

/** A short watched stream that warms the fan-out path (JIT, sockets) before the first measurement. */
export const warmStream = { scenario: 'warmstream', text: wordsText(200, 'w'), streamSeconds: 1 }
const warmViewers = 50

/** @param {{ quick: boolean }} options @returns {Promise<import('./lib/report.mjs').BenchResult>} */
export async function run({ quick }) {
  const workload = fanOutWorkload(quick)
  const folder = writeScenarios(fanOutScenarios(workload.text, workload.tokensPerSecond))
  const measurements = []
  try {
    for (const mode of modes) {
      const stack = await startFanOutStack(folder, mode)
      try {
        for (const viewers of audiences) measurements.push({ mode, viewers, ...await measure(stack.server, viewers, workload) })
      } finally {
        await stack.stop()
      }
    }
  } finally {
    folder.remove()
  }
  return {
    name,
    title: `Fan-out: one job at ${workload.tokensPerSecond} tokens/s (${workload.tokens} tokens) to N viewers, per fan-out mode`,
    summary: 'Latency = viewer receipt − the mock model\'s emission stamp of the token (ms, every token of every viewer; one clock for all processes). '
      + 'Complete = viewers whose text equals the job\'s stored content, with every seq in order and the end marker. Drops = re-attaches after the server cut a slow viewer.',
    columns: ['mode', 'viewers', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'events/viewer', 'KiB/viewer', 'complete', 'drops', 'stream s', 'server CPU s', 'loop p99 ms'],
    rows: measurements.map(entry => [entry.mode, entry.viewers, entry.latency.p50, entry.latency.p95, entry.latency.p99, entry.latency.max,
      entry.eventsPerViewer, entry.kibPerViewer, `${entry.complete}/${entry.viewers}`, entry.reconnects, entry.streamSeconds, entry.serverCpuSeconds, entry.eventLoopP99Ms]),
    figures: { ...workload, text: undefined, warmUp: `${warmViewers} viewers of a ${warmStream.text.split(' ').length - 1}-token stream`, measurements },
    targets: fanOutTargets(measurements),
    notes: [
      'The viewers run in the benchmark process on the same cores as the server and the mock model, so the latency includes their own parsing delay.',
      'The mock paces tokens with one timer each, so a stream takes a little longer than tokens / rate.',
    ],
  }
}

/**
 * The mock and a server in fan-out `mode`, one job slot per user (the watched job waits behind a blocker
 * until every viewer is attached).
 * @param {import('./lib/bench-scenarios.mjs').ScenarioFolder} folder
 * @param {string} mode
 */
export async function startFanOutStack(folder, mode) {
  const stack = await startBenchStack({
    scenariosDir: folder.dir, models: folder.models,
    env: { NUXT_JOBS_FANOUT_MODE: mode, NUXT_JOBS_MAX_CONCURRENT_PER_USER: '1' },
  })
  await warmUp(stack.server, 'warmup', 2)
  await measure(stack.server, warmViewers, warmStream)
  return stack
}

/**
 * The targets for adaptive fan-out, checked against the measurements present.
 * @param {{ mode: string, viewers: number, latency: { p95: number | null, p99: number | null }, complete: number, serverCpuSeconds: number | null }[]} measurements
 * @returns {import('./lib/report.mjs').TargetCheck[]}
 */
function fanOutTargets(measurements) {
  const find = (/** @type {string} */ mode, /** @type {number} */ viewers) => measurements.find(entry => entry.mode === mode && entry.viewers === viewers)
  /** @type {import('./lib/report.mjs').TargetCheck[]} */
  const targets = []
  for (const viewers of [10, 100]) {
    const entry = find('adaptive', viewers)
    if (entry) targets.push({
      target: `adaptive fan-out p95 ≤ 5 ms at ${viewers} viewers, every text exact`,
      measured: `p95 ${entry.latency.p95} ms, ${entry.complete}/${viewers} complete`,
      pass: (entry.latency.p95 ?? Infinity) <= 5 && entry.complete === viewers,
    })
  }
  const large = find('adaptive', 1000)
  if (large) targets.push({
    target: 'adaptive fan-out p95 ≤ 60 ms and p99 ≤ 120 ms at 1,000 viewers, every text exact',
    measured: `p95 ${large.latency.p95} ms, p99 ${large.latency.p99} ms, ${large.complete}/1000 complete`,
    pass: (large.latency.p95 ?? Infinity) <= 60 && (large.latency.p99 ?? Infinity) <= 120 && large.complete === 1000,
  })
  const fixed = find('fixed', 1000)
  if (large && fixed) targets.push({
    target: 'adaptive fan-out server CPU at 1,000 viewers ≤ fixed mode\'s',
    measured: `${large.serverCpuSeconds} s vs ${fixed.serverCpuSeconds} s`,
    pass: (large.serverCpuSeconds ?? Infinity) <= (fixed.serverCpuSeconds ?? 0),
  })
  return targets
}

/**
 * The scenarios the fan-out workload plays: a blocker, the fast stream (every token stamped with its
 * emission time) and a warm-up answer.
 * @param {string} text
 * @param {number} tokensPerSecond
 */
export function fanOutScenarios(text, tokensPerSecond) {
  return {
    blocker: blockerScenario,
    fanout: { description: 'One fast, stamped stream for the fan-out benchmarks.', rounds: [{ text, tokensPerSecond, stampTokens: true }] },
    warmup: { description: 'A short answer to warm the server up.', rounds: [{ text: wordsText(20), tokensPerSecond: 0 }] },
    warmstream: { description: 'A short, fast, stamped stream that warms the fan-out path.', rounds: [{ text: warmStream.text, tokensPerSecond: 1000, stampTokens: true }] },
  }
}

/**
 * Attaches `viewerCount` viewers to a queued job, releases it and waits for every viewer to finish.
 * @param {import('./lib/jobs-client.mjs').ErrandServer} server
 * @param {number} viewerCount
 * @param {{ scenario: string, text: string, streamSeconds: number }} workload  the scenario, its answer (stamps aside) and how long the mock takes to stream it
 */
export async function measure(server, viewerCount, workload) {
  const blocker = await postJob(server, 'blocker')
  const job = await postJob(server, workload.scenario)
  /** @type {number[]} */
  const latencies = []
  const viewers = []
  for (let index = 0; index < viewerCount; index++) {
    viewers.push(watchJob(server.url, job.jobId, { latencies, deadlineMs: (workload.streamSeconds + 60) * 1000 }))
    if (index % 100 === 99) await new Promise(resolve => setTimeout(resolve, 20))
  }
  await waitForViewers(server.url, viewerCount)
  const before = await readMetrics(server.url)
  const startedAt = Date.now()
  await abortJob(server, blocker.jobId)
  const records = await Promise.all(viewers)
  const after = await readMetrics(server.url)
  const stored = await getJob(server, job.jobId)
  if (stripStamps(stored.content) !== workload.text) throw new Error(`the job stored other text than the mock streamed (status ${stored.status})`)
  const complete = records.filter(record => record.text === stored.content && record.ordered && record.ended && record.status === 'complete').length
  return {
    latency: latencySummary(latencies),
    eventsPerViewer: round(records.reduce((sum, record) => sum + record.events, 0) / viewerCount),
    kibPerViewer: round(records.reduce((sum, record) => sum + record.bytes, 0) / viewerCount / 1024),
    complete,
    reconnects: records.reduce((sum, record) => sum + record.reconnects, 0),
    streamSeconds: round((Math.max(...records.map(record => record.doneAt ?? startedAt)) - startedAt) / 1000, 2),
    serverCpuSeconds: round((after.process_cpu_seconds_total ?? 0) - (before.process_cpu_seconds_total ?? 0), 2),
    eventLoopP99Ms: round((after.nodejs_eventloop_lag_p99_seconds ?? 0) * 1000),
  }
}

/** p50/p95/p99/max of latency samples, rounded to 0.1 ms. @param {number[]} latencies */
export function latencySummary(latencies) {
  const latency = summarize(latencies)
  return { p50: round(latency.p50), p95: round(latency.p95), p99: round(latency.p99), max: round(latency.max), samples: latency.count }
}

/**
 * Waits until the server counts `count` viewers (all attached), at most 60 s.
 * @param {string} url
 * @param {number} count
 */
async function waitForViewers(url, count) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const health = await (await fetch(`${url}/api/health`)).json()
    if (health.jobs.viewers >= count) return
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`only some of ${count} viewers attached within 60 s`)
}
