// peer: the fan-out workload (bench/fan-out.mjs: one stamped stream at 200 tokens/s to 10, 100, 1,000
// viewers) against Errand in adaptive mode and against Vercel's `resumable-stream` on a local Redis
// (bench/lib/peer-server.mjs), side by side with ratios. Latency is measured the same way for both: from
// the mock model's emission stamp to the viewer's receipt. Skips when `redis-server` is not installed.
import { audiences, fanOutScenarios, fanOutWorkload, latencySummary, measure, startFanOutStack, warmStream } from './fan-out.mjs'
import { writeScenarios } from './lib/bench-scenarios.mjs'
import { startPeerStack } from './lib/peer-stack.mjs'
import { watchPeerStream } from './lib/peer-viewer.mjs'
import { findRedisServer } from './lib/redis-process.mjs'
import { round } from './lib/stats.mjs'
import { stripStamps } from '../tests/fixtures/mock-model-server/token-stamp.mjs'

export const name = 'peer'

const columns = ['viewers', 'Errand p50 ms', 'peer p50 ms', 'p50 ×', 'Errand p95 ms', 'peer p95 ms', 'p95 ×', 'Errand p99 ms', 'peer p99 ms', 'p99 ×',
  'Errand CPU s', 'peer CPU s', 'CPU ×', 'Errand complete', 'peer complete']

/** @param {{ quick: boolean }} options @returns {Promise<import('./lib/report.mjs').BenchResult>} */
export async function run({ quick }) {
  const workload = fanOutWorkload(quick)
  const title = `Peer: Errand (adaptive fan-out) vs resumable-stream on Redis, one job at ${workload.tokensPerSecond} tokens/s (${workload.tokens} tokens) to N viewers`
  const redisBinary = findRedisServer()
  if (!redisBinary) {
    const message = 'skipped: redis-server is not installed (Debian: apt-get install -y redis-server); the peer needs a local Redis.'
    console.log(`peer ${message}`)
    return { name, title, summary: message, columns, rows: [], figures: { skipped: true }, notes: [message] }
  }
  const folder = writeScenarios(fanOutScenarios(workload.text, workload.tokensPerSecond))
  const errand = []
  const peer = []
  try {
    const stack = await startFanOutStack(folder, 'adaptive')
    try {
      for (const viewers of audiences) errand.push({ viewers, ...await measure(stack.server, viewers, workload) })
    } finally {
      await stack.stop()
    }
    const peerStack = await startPeerStack({ scenariosDir: folder.dir, redisBinary })
    try {
      await measurePeer(peerStack, 50, warmStream)
      for (const viewers of audiences) peer.push({ viewers, ...await measurePeer(peerStack, viewers, workload) })
    } finally {
      await peerStack.stop()
    }
  } finally {
    folder.remove()
  }
  const ratio = (/** @type {number | null} */ theirs, /** @type {number | null} */ ours) => (theirs === null || ours === null || ours === 0 ? null : round(theirs / ours, 1))
  const rows = audiences.map((viewers) => {
    const ours = errand.find(entry => entry.viewers === viewers)
    const theirs = peer.find(entry => entry.viewers === viewers)
    if (!ours || !theirs) return [viewers]
    return [viewers,
      ours.latency.p50, theirs.latency.p50, ratio(theirs.latency.p50, ours.latency.p50),
      ours.latency.p95, theirs.latency.p95, ratio(theirs.latency.p95, ours.latency.p95),
      ours.latency.p99, theirs.latency.p99, ratio(theirs.latency.p99, ours.latency.p99),
      ours.serverCpuSeconds, theirs.cpuSeconds, ratio(theirs.cpuSeconds, ours.serverCpuSeconds),
      `${ours.complete}/${viewers}`, `${theirs.complete}/${viewers}`]
  })
  return {
    name, title,
    summary: 'Latency = viewer receipt − the mock model\'s emission stamp of the token (ms, every token of every viewer), the same for both. '
      + '× = peer ÷ Errand (above 1: Errand is ahead). Peer CPU = the peer server process plus redis-server; Errand CPU = the Errand server process. '
      + 'Complete = viewers whose text equals the text the server stored (Errand) or produced (peer), ended properly.',
    columns, rows,
    figures: { ...workload, text: undefined, errand, peer },
    notes: [
      'The peer is a plain node:http server using resumable-stream 2 with node-redis 4 (publisher + subscriber), one AI SDK style `text-delta` SSE frame per token, resumed per viewer with resumeExistingStream and piped with backpressure, as a Next.js route would.',
      'resumable-stream publishes every chunk once per listener through Redis, so its cost grows with viewers × tokens.',
      'Both run on the same machine as the viewers and the mock model; see the fan-out table for Errand\'s other modes.',
      'A peer viewer gives up 10 × the stream\'s length + 60 s after it attached; tokens it never received are missing from its latency, and it does not count as complete.',
    ],
  }
}

/**
 * Creates a peer stream, attaches `viewerCount` viewers, starts the producer and waits for every viewer.
 * @param {Awaited<ReturnType<typeof startPeerStack>>} stack
 * @param {number} viewerCount
 * @param {{ scenario: string, text: string, streamSeconds: number }} workload
 */
async function measurePeer(stack, viewerCount, workload) {
  const created = await fetch(`${stack.url}/streams?scenario=${workload.scenario}`, { method: 'POST' })
  if (created.status !== 201) throw new Error(`POST /streams answered ${created.status}`)
  const { id } = /** @type {{ id: string }} */ (await created.json())
  /** @type {number[]} */
  const latencies = []
  const viewers = []
  for (let index = 0; index < viewerCount; index++) {
    // A saturated peer falls far behind the model: give it ten times the stream's length to finish.
    viewers.push(watchPeerStream(stack.url, id, { latencies, deadlineMs: (workload.streamSeconds * 10 + 60) * 1000 }))
    if (index % 100 === 99) await new Promise(resolve => setTimeout(resolve, 20))
  }
  const deadline = Date.now() + 60_000
  while ((await stack.health()).viewers < viewerCount) {
    if (Date.now() > deadline) throw new Error(`only some of ${viewerCount} peer viewers attached within 60 s`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  const before = await stack.health({ reset: true })
  await fetch(`${stack.url}/streams/${id}/start`, { method: 'POST' })
  const records = await Promise.all(viewers)
  const after = await stack.health()
  const produced = /** @type {{ text: string, done: boolean }} */ (await (await fetch(`${stack.url}/streams/${id}/text`)).json())
  if (!produced.done || stripStamps(produced.text) !== workload.text) throw new Error('the peer produced other text than the mock streamed')
  return {
    latency: latencySummary(latencies),
    eventsPerViewer: round(records.reduce((sum, record) => sum + record.events, 0) / viewerCount),
    kibPerViewer: round(records.reduce((sum, record) => sum + record.bytes, 0) / viewerCount / 1024),
    complete: records.filter(record => record.text === produced.text && record.ended).length,
    reconnects: records.reduce((sum, record) => sum + record.reconnects, 0),
    cpuSeconds: round(after.cpuSeconds - before.cpuSeconds + after.redisCpuSeconds - before.redisCpuSeconds, 2),
    redisCpuSeconds: round(after.redisCpuSeconds - before.redisCpuSeconds, 2),
    eventLoopP99Ms: round(after.eventLoopP99Ms),
  }
}
