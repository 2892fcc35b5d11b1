// concurrency: M chat jobs at once (20 and 1,000; also 200 in full mode), each with two tool rounds, the mock
// streaming at ~50 tokens/s. Reports whether all completed, wall time, server CPU time, peak RSS and
// event-loop delay (the server's monitorEventLoopDelay via /api/metrics), and lost or failed jobs.
import { wordsText, writeScenarios } from './lib/bench-scenarios.mjs'
import { startBenchStack } from './lib/bench-servers.mjs'
import { getJob, mapWithLimit, postJob, warmUp } from './lib/jobs-client.mjs'
import { peakRssBytes, readDebugState, readMetrics, waitUntilIdle } from './lib/server-probe.mjs'
import { mebibytes, round } from './lib/stats.mjs'

export const name = 'concurrency'

const TOKENS_PER_SECOND = 50
const DEADLINE_MS = 300_000
const finalText = wordsText(60, 'c')

/** Round 1: text and `calculate`; round 2: text and `get_current_time`; round 3: the answer. */
export const toolScenario = {
  description: 'Two tool rounds at ~50 tokens/s, then a 60-token answer.',
  rounds: [
    { text: wordsText(10, 'a'), tokensPerSecond: TOKENS_PER_SECOND, toolCalls: [{ id: 'call_calc', name: 'calculate', arguments: { expression: '17% * 2340' } }] },
    { text: wordsText(10, 'b'), tokensPerSecond: TOKENS_PER_SECOND, toolCalls: [{ id: 'call_time', name: 'get_current_time', arguments: { timezone: 'UTC' } }] },
    { text: finalText, tokensPerSecond: TOKENS_PER_SECOND },
  ],
}

/** @param {{ quick: boolean }} options @returns {Promise<import('./lib/report.mjs').BenchResult>} */
export async function run({ quick }) {
  const folder = writeScenarios({ tools: toolScenario })
  const measurements = []
  try {
    for (const jobs of quick ? [20, 1000] : [20, 200, 1000]) {
      const stack = await startBenchStack({ scenariosDir: folder.dir, models: folder.models })
      try {
        measurements.push({ jobs, ...await measure(stack.server, jobs) })
      } finally {
        await stack.stop()
      }
    }
  } finally {
    folder.remove()
  }
  const twenty = measurements.find(entry => entry.jobs === 20)
  const thousand = measurements.find(entry => entry.jobs === 1000)
  return {
    name,
    title: `Concurrency: M chat jobs with two tool rounds each, model at ${TOKENS_PER_SECOND} tokens/s`,
    summary: 'Each job streams ~88 chunks over three model rounds (calculate, get_current_time, answer); a fresh server per row, warmed up with 5 jobs. Wall = first POST to last job finished; '
      + 'submit = time to post all jobs. CPU = server process CPU seconds during the run; RSS = peak resident set of the server process; '
      + 'loop = server event-loop delay over the run (prom-client monitorEventLoopDelay). Failed counts jobs not `complete` with both tool calls and the full answer; tool errors counts completed jobs '
      + 'in which a tool call ended in error (the model read the error as the result).',
    columns: ['jobs', 'completed', 'failed', 'tool errors', 'wall s', 'submit s', 'server CPU s', 'peak RSS MiB', 'loop p50 ms', 'loop p99 ms', 'loop max ms', 'left live'],
    rows: measurements.map(entry => [entry.jobs, entry.completed, entry.failed, entry.toolErrors, entry.wallSeconds, entry.submitSeconds, entry.serverCpuSeconds,
      entry.peakRssMib, entry.eventLoop.p50, entry.eventLoop.p99, entry.eventLoop.max, entry.leftLive]),
    figures: { tokensPerSecond: TOKENS_PER_SECOND, measurements },
    targets: [
      ...(twenty ? [{
        target: '20 concurrent jobs with tool calls complete within 5 minutes',
        measured: `${twenty.completed}/20 complete in ${twenty.wallSeconds} s, ${twenty.toolErrors} with a tool error`,
        pass: twenty.completed === 20 && twenty.toolErrors === 0 && twenty.wallSeconds < 300,
      }] : []),
      ...(thousand ? [{
        target: '1,000 concurrent chat jobs with two tool rounds complete, every tool call answered, with event-loop delay p99 ≤ 50 ms',
        measured: `${thousand.completed}/1000 complete, ${thousand.toolErrors} with a tool error, loop p99 ${thousand.eventLoop.p99} ms (max ${thousand.eventLoop.max} ms)`,
        pass: thousand.completed === 1000 && thousand.toolErrors === 0 && thousand.eventLoop.p99 <= 50,
      }] : []),
    ],
    notes: [
      'The mock model runs in its own process (its CPU is not in the server CPU figure) but on the same 2 cores.',
      ...measurements.filter(entry => entry.failed > 0).map(entry => `M = ${entry.jobs}: failed because ${JSON.stringify(entry.failureReasons)}.`),
      ...measurements.filter(entry => entry.toolErrors > 0).map(entry => `M = ${entry.jobs}: tool errors ${JSON.stringify(entry.toolErrorReasons)}.`),
    ],
  }
}

/**
 * Posts `count` jobs (spread over 10 users), waits for the server to be idle and checks every job.
 * @param {import('./lib/jobs-client.mjs').ErrandServer} server
 * @param {number} count
 */
export async function measure(server, count) {
  await warmUp(server, 'tools', 5)
  const before = await readMetrics(server.url)
  const startedAt = Date.now()
  const posted = await mapWithLimit(Array.from({ length: count }, (_, index) => `user-${index % 10}`), 50,
    async user => ({ user, ...await postJob(server, 'tools', { user }) }))
  const submitSeconds = (Date.now() - startedAt) / 1000
  const idle = await waitUntilIdle(server.url, DEADLINE_MS)
  const wallSeconds = (Date.now() - startedAt) / 1000
  const after = await readMetrics(server.url)
  const jobs = await mapWithLimit(posted, 20, entry => getJob(server, entry.jobId, entry.user))
  const reasons = jobs.map(failureReason).filter(reason => reason !== null)
  const toolErrors = jobs.map(toolErrorOf).filter(reason => reason !== null)
  const state = await readDebugState(server.url)
  return {
    idle,
    completed: count - reasons.length,
    failed: reasons.length,
    toolErrors: toolErrors.length,
    statuses: countBy(jobs.map(job => job.status)),
    failureReasons: countBy(reasons),
    toolErrorReasons: countBy(toolErrors),
    wallSeconds: round(wallSeconds, 1),
    submitSeconds: round(submitSeconds, 1),
    serverCpuSeconds: round((after.process_cpu_seconds_total ?? 0) - (before.process_cpu_seconds_total ?? 0), 2),
    peakRssMib: mebibytes(peakRssBytes(server.process.pid ?? 0) ?? after.process_resident_memory_bytes),
    eventLoop: {
      p50: round((after.nodejs_eventloop_lag_p50_seconds ?? 0) * 1000),
      p99: round((after.nodejs_eventloop_lag_p99_seconds ?? 0) * 1000),
      max: round((after.nodejs_eventloop_lag_max_seconds ?? 0) * 1000),
    },
    leftLive: state.jobs.live,
  }
}

/**
 * Why a job does not count as completed (ended `complete` with two tool calls and the full answer), or null.
 * @param {import('./lib/jobs-client.mjs').JobView} job
 * @returns {string | null}
 */
function failureReason(job) {
  if (job.status !== 'complete') return `status ${job.status}: ${job.error ?? ''}`
  if (job.toolCalls.length !== 2) return `${job.toolCalls.length} tool calls instead of 2`
  if (!job.content.endsWith(finalText)) return 'the stored answer is not the streamed text'
  return null
}

/**
 * The first tool call that did not complete (its error went to the model as the tool's result), or null.
 * @param {import('./lib/jobs-client.mjs').JobView} job
 * @returns {string | null}
 */
function toolErrorOf(job) {
  const call = job.toolCalls.find(entry => entry.status !== 'completed')
  return call ? `${call.name} ${call.status}: ${call.error ?? ''}` : null
}

/** @param {string[]} values @returns {Record<string, number>} */
function countBy(values) {
  /** @type {Record<string, number>} */
  const counts = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}
