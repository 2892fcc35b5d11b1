// resume: how fast the server answers a re-attach — to a finished 100,000-character job (snapshot read
// from the store) and to a live job with 10,000 events behind the viewer (replay from the event log, and
// a snapshot when the cursor is older than the log). Times: request to headers, to the first event, to done.
import { textOfLength, wordsText, writeScenarios } from './lib/bench-scenarios.mjs'
import { startBenchStack } from './lib/bench-servers.mjs'
import { abortJob, getJob, postJob } from './lib/jobs-client.mjs'
import { watchJob } from './lib/sse-viewer.mjs'
import { round, summarize } from './lib/stats.mjs'

export const name = 'resume'

const LONG_LENGTH = 100_000
const BEHIND = 10_000
const longText = textOfLength(LONG_LENGTH)
const liveText = wordsText(BEHIND + 100)
const shortLiveText = wordsText(2100, 's')

/** @param {{ quick: boolean }} options @returns {Promise<import('./lib/report.mjs').BenchResult>} */
export async function run({ quick }) {
  const attempts = quick ? 10 : 50
  const folder = writeScenarios({
    long: { description: 'A 100,000-character answer, as fast as possible.', rounds: [{ text: longText, tokensPerSecond: 0 }] },
    live: { description: `${BEHIND + 100} tokens, then silence: a live job with a long log.`, rounds: [{ text: liveText, tokensPerSecond: 0, fault: { type: 'hang', afterTokens: BEHIND + 100 } }] },
    'live-short': { description: '2,100 tokens, then silence.', rounds: [{ text: shortLiveText, tokensPerSecond: 0, fault: { type: 'hang', afterTokens: 2100 } }] },
  })
  try {
    // Every token its own event (no batching); a log that holds 10,000 events and a viewer queue that takes them.
    const measured = await withStack(folder, { NUXT_JOBS_REPLAY_BUFFER_SIZE: String(BEHIND), NUXT_JOBS_VIEWER_QUEUE_SIZE: String(2 * BEHIND) }, async (server) => {
      const longStarted = Date.now()
      const long = await postJob(server, 'long')
      const stored = await waitForStoredText(server, long.jobId, longText.length)
      const longSeconds = (Date.now() - longStarted) / 1000
      const live = await postJob(server, 'live')
      const liveNow = await waitForStoredText(server, live.jobId, liveText.length)
      const rows = [
        await timeAttaches(server.url, { label: 'finished 100,000 chars, no cursor (snapshot from the store)', jobId: long.jobId, after: undefined, until: undefined, expect: longText }, attempts),
        await timeAttaches(server.url, { label: 'finished 100,000 chars, cursor at its end', jobId: long.jobId, after: stored.lastSeq, until: undefined, expect: '' }, attempts),
        await timeAttaches(server.url, { label: `live, ${BEHIND.toLocaleString('en')} events behind (replay)`, jobId: live.jobId, after: liveNow.lastSeq - BEHIND, until: liveNow.lastSeq, expect: null }, attempts),
        await timeAttaches(server.url, { label: 'live, cursor older than the log (snapshot)', jobId: live.jobId, after: 0, until: liveNow.lastSeq, expect: liveText }, attempts),
      ]
      await abortJob(server, live.jobId)
      return { rows, longSeconds, longEvents: stored.lastSeq }
    })
    // The defaults (log 2,000 events, viewer queue 1,000 frames): cursors 1,000 and 2,000 events behind are both on the replay path.
    const defaults = await withStack(folder, {}, async (server) => {
      const live = await postJob(server, 'live-short')
      const liveNow = await waitForStoredText(server, live.jobId, shortLiveText.length)
      const rows = []
      for (const behind of [1000, 2000]) {
        const label = `live, ${behind.toLocaleString('en')} events behind, default log and viewer queue (replay)`
        rows.push(await timeAttaches(server.url, { label, jobId: live.jobId, after: liveNow.lastSeq - behind, until: liveNow.lastSeq, expect: null }, attempts))
      }
      await abortJob(server, live.jobId)
      return rows
    })
    const rows = [...measured.rows, ...defaults]
    return {
      name,
      title: 'Resume: re-attaching to a finished long job and to a live job far behind',
      summary: `${attempts} re-attaches per row, one at a time, no retry. Headers / first event / done = ms from sending the request to the response headers, `
        + 'to the first job event parsed, and to the stream ending (finished job) or the viewer holding the newest event (live job). '
        + `Fan-out batching off (one event per token); the first four rows with a ${BEHIND.toLocaleString('en')}-event log and a ${(2 * BEHIND).toLocaleString('en')}-frame viewer queue, `
        + 'the last two with the defaults. Correct = the viewer reached the end (or the newest event) in order with the right text; dropped = the server closed the stream first.',
      columns: ['re-attach', 'first event', 'headers p50 ms', 'first event p50 ms', 'done p50 ms', 'done max ms', 'events', 'KiB', 'correct', 'dropped'],
      rows: rows.map(entry => [entry.label, entry.firstEventType, entry.headers.p50, entry.firstEvent.p50, entry.done.p50, entry.done.max, entry.events, entry.kib, `${entry.correct}/${attempts}`, entry.dropped]),
      figures: { attempts, longLength: LONG_LENGTH, behind: BEHIND, longJobEvents: measured.longEvents, longJobStreamSeconds: round(measured.longSeconds, 2), rows },
      notes: [
        `Streaming the 100,000-character answer (${measured.longEvents.toLocaleString('en')} events, mock as fast as possible) took ${round(measured.longSeconds, 2)} s end to end.`,
        'With the default log of 2,000 events a cursor 10,000 events behind takes the snapshot path (row 4).',
        ...rows.filter(entry => entry.dropped > 0).map(entry => `${entry.label}: the server dropped the viewer on ${entry.dropped} of ${attempts} re-attaches `
          + '(the replay is queued frame by frame and overflows the viewer queue before the socket drains; see docs/performance.md, known problems).'),
      ],
    }
  } finally {
    folder.remove()
  }
}

/**
 * Runs `work` against a fresh stack with `env`, then stops it.
 * @template T
 * @param {import('./lib/bench-scenarios.mjs').ScenarioFolder} folder
 * @param {Record<string, string>} env
 * @param {(server: import('./lib/jobs-client.mjs').ErrandServer) => Promise<T>} work
 * @returns {Promise<T>}
 */
async function withStack(folder, env, work) {
  const stack = await startBenchStack({ scenariosDir: folder.dir, models: folder.models, env: { NUXT_JOBS_FANOUT_MODE: 'off', ...env } })
  try {
    return await work(stack.server)
  } finally {
    await stack.stop()
  }
}

/**
 * Polls the job until the store holds `length` characters of it (the writer flushes within 120 ms); at most 60 s.
 * @param {import('./lib/jobs-client.mjs').ErrandServer} server
 * @param {string} jobId
 * @param {number} length
 */
async function waitForStoredText(server, jobId, length) {
  const deadline = Date.now() + 60_000
  for (;;) {
    const job = await getJob(server, jobId)
    if (job.content.length >= length) return job
    if (Date.now() > deadline || ['error', 'aborted'].includes(job.status)) throw new Error(`job ${jobId} is ${job.status} with ${job.content.length} of ${length} characters`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/**
 * Re-attaches `attempts` times and summarises the timings.
 * @param {string} url
 * @param {{ label: string, jobId: string, after: number | undefined, until: number | undefined, expect: string | null }} entry
 * @param {number} attempts
 */
async function timeAttaches(url, entry, attempts) {
  const headers = []
  const firstEvent = []
  const done = []
  let correct = 0
  let dropped = 0
  let record = null
  for (let attempt = 0; attempt < attempts; attempt++) {
    record = await watchJob(url, entry.jobId, {
      after: entry.after, maxReconnects: 0, deadlineMs: 30_000,
      ...(entry.until === undefined ? {} : { until: (/** @type {{ lastSeq: number }} */ seen) => seen.lastSeq >= (entry.until ?? 0) }),
    })
    headers.push((record.headersAt ?? record.doneAt ?? 0) - record.openedAt)
    if (record.firstEventAt !== null) firstEvent.push(record.firstEventAt - record.openedAt)
    done.push((record.doneAt ?? 0) - record.openedAt)
    const complete = entry.until === undefined ? record.ended : record.lastSeq >= entry.until
    if (complete && record.ordered && (entry.expect === null || record.text === entry.expect)) correct += 1
    if (!complete) dropped += 1
  }
  const ms = (/** @type {number[]} */ values) => {
    const summary = summarize(values)
    return { p50: round(summary.p50), max: round(summary.max) }
  }
  return {
    label: entry.label, headers: ms(headers), firstEvent: ms(firstEvent), done: ms(done), correct, dropped,
    events: record?.events ?? 0, kib: round((record?.bytes ?? 0) / 1024), firstEventType: record?.firstEventType ?? 'none',
  }
}
