// tracing: what tracing costs the server. The fan-out workload (one fast job, N viewers) and the
// concurrency workload (M jobs with two tool rounds) each run on a server with tracing off
// (NUXT_TRACES_ENABLED=false) and on, alternating, and report server CPU seconds and the overhead.
// Target: tracing costs no more than 5 % of server CPU.
import { wordsText, writeScenarios } from './lib/bench-scenarios.mjs'
import { startBenchStack } from './lib/bench-servers.mjs'
import { warmUp } from './lib/jobs-client.mjs'
import { round } from './lib/stats.mjs'
import { measure as measureConcurrency, toolScenario } from './concurrency.mjs'
import { fanOutScenarios, measure as measureFanOut } from './fan-out.mjs'

export const name = 'tracing'

/** @param {{ quick: boolean }} options @returns {Promise<import('./lib/report.mjs').BenchResult>} */
export async function run({ quick }) {
  const tokens = quick ? 500 : 2000
  const tokensPerSecond = quick ? 250 : 500
  const viewers = quick ? 100 : 1000
  const jobs = quick ? 200 : 500
  const repeats = 3
  const text = wordsText(tokens)
  const folder = writeScenarios({ ...fanOutScenarios(text, tokensPerSecond), tools: toolScenario })
  /** @type {{ tracing: boolean, fanOutCpu: number, concurrencyCpu: number, concurrencyCompleted: number }[]} */
  const runs = []
  try {
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const tracing of repeat % 2 === 0 ? [false, true] : [true, false]) {
        const stack = await startBenchStack({
          scenariosDir: folder.dir, models: folder.models,
          env: { NUXT_TRACES_ENABLED: String(tracing), NUXT_JOBS_MAX_CONCURRENT_PER_USER: '1' },
        })
        try {
          await warmUp(stack.server, 'warmup', 2)
          const fanOut = await measureFanOut(stack.server, viewers, { scenario: 'fanout', text, streamSeconds: tokens / tokensPerSecond })
          await stack.stop()
          // The concurrency workload needs many jobs per user at once: a fresh server with the usual limits.
          const second = await startBenchStack({ scenariosDir: folder.dir, models: folder.models, env: { NUXT_TRACES_ENABLED: String(tracing) } })
          try {
            const concurrency = await measureConcurrency(second.server, jobs)
            runs.push({ tracing, fanOutCpu: fanOut.serverCpuSeconds, concurrencyCpu: concurrency.serverCpuSeconds, concurrencyCompleted: concurrency.completed })
          } finally {
            await second.stop()
          }
        } finally {
          await stack.stop()
        }
      }
    }
  } finally {
    folder.remove()
  }
  const median = (/** @type {number[]} */ values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
  const of = (/** @type {boolean} */ tracing, /** @type {'fanOutCpu' | 'concurrencyCpu'} */ key) => median(runs.filter(entry => entry.tracing === tracing).map(entry => entry[key]))
  const overhead = (/** @type {'fanOutCpu' | 'concurrencyCpu'} */ key) => {
    const off = of(false, key)
    return off > 0 ? round(((of(true, key) - off) / off) * 100, 1) : 0
  }
  const rows = [
    [`fan-out: 1 job, ${viewers} viewers, ${tokens} tokens`, of(false, 'fanOutCpu'), of(true, 'fanOutCpu'), `${overhead('fanOutCpu')} %`],
    [`concurrency: ${jobs} jobs, 2 tool rounds each`, of(false, 'concurrencyCpu'), of(true, 'concurrencyCpu'), `${overhead('concurrencyCpu')} %`],
  ]
  return {
    name,
    title: 'Tracing: server CPU with tracing off and on',
    summary: `Each workload ran ${repeats} times per setting, alternating off/on, on fresh servers; the table shows the median server CPU seconds `
      + '(process_cpu_seconds_total over the workload). Overhead = (on − off) / off. Tracing on writes a running and a finished row per model round and '
      + 'tool call (batched), sends them as `trace` events to every viewer, and estimates prompt segments with the tokenizer (built once at start-up, before the workload).',
    columns: ['workload', 'CPU s, tracing off', 'CPU s, tracing on', 'overhead'],
    rows,
    figures: { runs, viewers, jobs, tokens, tokensPerSecond, repeats },
    targets: [{
      target: 'tracing costs no more than 5 % of server CPU (fan-out and concurrency)',
      measured: `fan-out ${overhead('fanOutCpu')} %, concurrency ${overhead('concurrencyCpu')} %`,
      pass: overhead('fanOutCpu') <= 5 && overhead('concurrencyCpu') <= 5,
    }],
    notes: [
      'Server CPU includes the noise of a shared 2-core machine; differences of a few hundredths of a second are within it.',
      ...runs.filter(entry => entry.concurrencyCompleted < jobs).map(entry => `tracing ${entry.tracing ? 'on' : 'off'}: only ${entry.concurrencyCompleted}/${jobs} jobs completed.`),
    ],
  }
}
