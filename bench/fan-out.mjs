// fan-out: one job streaming fast with N SSE viewers (10, 100, 1,000), batching on and off. Per delivered
// delta: the delay from the server receiving the token (`at`) to the viewer receiving the frame; plus
// events and bytes per viewer and whether every viewer got the complete text in order.
import { blockerScenario, wordsText, writeScenarios } from './lib/bench-scenarios.mjs'
import { startBenchStack } from './lib/bench-servers.mjs'
import { abortJob, postJob, warmUp } from './lib/jobs-client.mjs'
import { readMetrics } from './lib/server-probe.mjs'
import { round, summarize } from './lib/stats.mjs'
import { watchJob } from './lib/sse-viewer.mjs'

export const name = 'fan-out'

/** @param {{ quick: boolean }} options @returns {Promise<import('./lib/report.mjs').BenchResult>} */
export async function run({ quick }) {
  const tokens = quick ? 500 : 2000
  const tokensPerSecond = quick ? 250 : 500
  const text = wordsText(tokens)
  const folder = writeScenarios(fanOutScenarios(text, tokensPerSecond))
  const measurements = []
  try {
    for (const batching of [true, false]) {
      // One slot per user: the watched job queues behind a blocker until every viewer is attached.
      const stack = await startBenchStack({
        scenariosDir: folder.dir, models: folder.models,
        env: { NUXT_JOBS_FANOUT_BATCHING: String(batching), NUXT_JOBS_MAX_CONCURRENT_PER_USER: '1' },
      })
      try {
        await warmUp(stack.server, 'warmup', 2)
        for (const viewers of [10, 100, 1000]) measurements.push({ batching, viewers, ...await measure(stack.server, viewers, text, tokens / tokensPerSecond) })
      } finally {
        await stack.stop()
      }
    }
  } finally {
    folder.remove()
  }
  const tenOn = measurements.find(entry => entry.batching && entry.viewers === 10)
  return {
    name,
    title: `Fan-out: one job at ${tokensPerSecond} tokens/s (${tokens} tokens) to N viewers`,
    summary: 'Latency = viewer receive time − server receive time of the first token in the delta (ms, all deltas of all viewers). '
      + 'Complete = viewers whose text equals the streamed text, with every seq in order and the end marker. Drops = re-attaches after the server cut a slow viewer.',
    columns: ['batching', 'viewers', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'events/viewer', 'KiB/viewer', 'complete', 'drops', 'stream s', 'server CPU s', 'loop p99 ms'],
    rows: measurements.map(entry => [entry.batching ? 'on' : 'off', entry.viewers, entry.latency.p50, entry.latency.p95, entry.latency.p99, entry.latency.max,
      entry.eventsPerViewer, entry.kibPerViewer, `${entry.complete}/${entry.viewers}`, entry.reconnects, entry.streamSeconds, entry.serverCpuSeconds, entry.eventLoopP99Ms]),
    figures: { tokens, tokensPerSecond, measurements },
    targets: tenOn ? [{
      target: 'SSE broadcast latency p95 < 100 ms with 10 listeners (batching on, the default)',
      measured: `p95 ${tenOn.latency.p95} ms, ${tenOn.complete}/10 complete`,
      pass: (tenOn.latency.p95 ?? Infinity) < 100 && tenOn.complete === 10,
    }] : [],
    notes: ['The viewers run in the benchmark process on the same 2 cores as the server and the mock model, so the latency includes their own parsing delay.'],
  }
}

/**
 * The scenarios the fan-out workload plays: a blocker, the fast stream and a warm-up answer.
 * @param {string} text
 * @param {number} tokensPerSecond
 */
export function fanOutScenarios(text, tokensPerSecond) {
  return {
    blocker: blockerScenario,
    fanout: { description: 'One fast stream for the fan-out benchmark.', rounds: [{ text, tokensPerSecond }] },
    warmup: { description: 'A short answer to warm the server up.', rounds: [{ text: wordsText(20), tokensPerSecond: 0 }] },
  }
}

/**
 * Attaches `viewerCount` viewers to a queued job, releases it and waits for every viewer to finish.
 * @param {import('./lib/jobs-client.mjs').ErrandServer} server
 * @param {number} viewerCount
 * @param {string} text  the answer every viewer must end with
 * @param {number} streamSeconds  how long the mock takes to stream it
 */
export async function measure(server, viewerCount, text, streamSeconds) {
  const blocker = await postJob(server, 'blocker')
  const job = await postJob(server, 'fanout')
  /** @type {number[]} */
  const latencies = []
  const viewers = []
  for (let index = 0; index < viewerCount; index++) {
    viewers.push(watchJob(server.url, job.jobId, { latencies, deadlineMs: (streamSeconds + 60) * 1000 }))
    if (index % 100 === 99) await new Promise(resolve => setTimeout(resolve, 20))
  }
  await waitForViewers(server.url, viewerCount)
  const before = await readMetrics(server.url)
  const startedAt = Date.now()
  await abortJob(server, blocker.jobId)
  const records = await Promise.all(viewers)
  const after = await readMetrics(server.url)
  const latency = summarize(latencies)
  const complete = records.filter(record => record.text === text && record.ordered && record.ended && record.status === 'complete').length
  return {
    latency: { p50: round(latency.p50), p95: round(latency.p95), p99: round(latency.p99), max: round(latency.max), samples: latency.count },
    eventsPerViewer: round(records.reduce((sum, record) => sum + record.events, 0) / viewerCount),
    kibPerViewer: round(records.reduce((sum, record) => sum + record.bytes, 0) / viewerCount / 1024),
    complete,
    reconnects: records.reduce((sum, record) => sum + record.reconnects, 0),
    streamSeconds: round((Math.max(...records.map(record => record.doneAt ?? startedAt)) - startedAt) / 1000, 2),
    serverCpuSeconds: round((after.process_cpu_seconds_total ?? 0) - (before.process_cpu_seconds_total ?? 0), 2),
    eventLoopP99Ms: round((after.nodejs_eventloop_lag_p99_seconds ?? 0) * 1000),
  }
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
