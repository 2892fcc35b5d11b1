// The store-writes measurement (run by store-writes.mjs under vitest): one long job fed at 10, 100 and
// 1,000 tokens/s into the BatchedContentWriter with the server's default flush rules, against a naive
// one-write-per-token baseline, for the sqlite, memory and convex (convex-test) stores. Counts and times
// every store write; writes the figures as JSON to $BENCH_STORE_WRITES_OUTPUT. Asserts only that text is intact.
import { writeFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { BatchedContentWriter } from '../../server/core/jobs/durability/content-writer'
import type { Store } from '../../server/core/store/ports'
import { BENCH_FENCE, BENCH_USER as user, storeOpeners, streamingJob } from './bench-stores'

const quick = process.env.BENCH_QUICK === '1'
const feedMs = quick ? 1000 : 10_000
const rates = [10, 100, 1000]
/** The server's defaults (docs/configuration.md: jobs.storeFlush*). */
const flushRules = { intervalMs: 120, maxChunks: 16, maxBytes: 1024 }

/** One row of figures. */
interface Measurement {
  store: string
  mode: 'batched' | 'naive'
  tokensPerSecond: number
  tokens: number
  writes: number
  feedSeconds: number
  writesPerSecond: number
  writesPer1000Tokens: number
  writeMsP50: number
  writeMsP99: number
  /** Median time of the last tenth of the writes: how the cost grows with the stored text. */
  writeMsLastTenth: number
  busyMsPerSecond: number
  drainMs: number
  intact: boolean
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const percentile = (sorted: number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? 0
const round2 = (value: number) => Math.round(value * 100) / 100

/**
 * Pushes `rate` tokens per second for `feedMs`, catching up every 5 ms; returns the text pushed. When the
 * store's calls hog the event loop the feed falls behind and takes longer (the caller measures it).
 */
async function feed(rate: number, push: (text: string) => void): Promise<string> {
  const total = Math.round((rate * feedMs) / 1000)
  const started = performance.now()
  let text = ''
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1)
    for (; sent < due; sent++) {
      const token = `token${sent} `
      text += token
      push(token)
    }
    await sleep(5)
  }
  return text
}

/** Feeds one fresh job of `store` in `mode` at `rate`, timing every appendJobContent call. */
async function measure(name: string, store: Store, mode: Measurement['mode'], rate: number): Promise<Measurement> {
  const jobId = await streamingJob(store)
  const times: number[] = []
  let seq = 0
  const timedWrite = async (batch: { text: string; chunks: number; lastSeq: number }) => {
    const started = performance.now()
    await store.appendJobContent(user, jobId, batch, BENCH_FENCE)
    times.push(performance.now() - started)
  }
  let chain: Promise<void> = Promise.resolve()
  const writer = new BatchedContentWriter({ ...flushRules, write: timedWrite })
  const push = mode === 'batched'
    ? (text: string) => { seq += 1; writer.push(text, seq) }
    : (text: string) => { seq += 1; const lastSeq = seq; chain = chain.then(() => timedWrite({ text, chunks: 1, lastSeq })) }
  const feedStarted = performance.now()
  const text = await feed(rate, push)
  const fedAt = performance.now()
  const feedSeconds = (fedAt - feedStarted) / 1000
  await (mode === 'batched' ? writer.close() : chain)
  const drainMs = performance.now() - fedAt
  writer.dispose()
  const stored = await store.getJob(user, jobId)
  const sorted = [...times].sort((a, b) => a - b)
  const lastTenth = times.slice(Math.floor(times.length * 0.9)).sort((a, b) => a - b)
  const tokens = Math.round((rate * feedMs) / 1000)
  return {
    store: name, mode, tokensPerSecond: rate, tokens, writes: times.length,
    feedSeconds: round2(feedSeconds),
    writesPerSecond: round2(times.length / feedSeconds),
    writesPer1000Tokens: round2((times.length / tokens) * 1000),
    writeMsP50: round2(percentile(sorted, 0.5)),
    writeMsP99: round2(percentile(sorted, 0.99)),
    writeMsLastTenth: round2(percentile(lastTenth, 0.5)),
    busyMsPerSecond: round2(times.reduce((sum, time) => sum + time, 0) / feedSeconds),
    drainMs: round2(drainMs),
    intact: stored?.content === text,
  }
}

test('store writes per second, batched and naive', async () => {
  const { openers, notes } = await storeOpeners()
  const measurements: Measurement[] = []
  for (const [name, open] of Object.entries(openers)) {
    const { store, close } = await open()
    try {
      for (const rate of rates) {
        for (const mode of ['batched', 'naive'] as const) measurements.push(await measure(name, store, mode, rate))
      }
    } finally {
      await close()
    }
  }
  const output = process.env.BENCH_STORE_WRITES_OUTPUT
  if (output) writeFileSync(output, JSON.stringify({ feedMs, flushRules, measurements, notes }))
  expect(measurements.filter(entry => !entry.intact)).toEqual([])
})
