// The store-writes measurement (run by store-writes.mjs under vitest): one long job fed at 10, 100 and
// 1,000 tokens/s into the BatchedContentWriter with the server's default flush rules, against a naive
// one-write-per-token baseline, for the sqlite, memory and convex (convex-test) stores. Counts and times
// every store write; writes the figures as JSON to $BENCH_STORE_WRITES_OUTPUT. Asserts only that text is intact.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { BatchedContentWriter } from '../../server/core/jobs/durability/content-writer'
import { createMemoryStore } from '../../server/core/store/memory/memory-store'
import { createSqliteStore } from '../../server/core/store/sqlite/sqlite-store'
import type { Store } from '../../server/core/store/ports'

const quick = process.env.BENCH_QUICK === '1'
const feedMs = quick ? 1000 : 10_000
const rates = [10, 100, 1000]
/** The server's defaults (docs/configuration.md: jobs.storeFlush*). */
const flushRules = { intervalMs: 120, maxChunks: 3, maxBytes: 1024 }
const user = 'bench'

interface OpenedStore { store: Store; close: () => Promise<void> }
type StoreOpener = () => Promise<OpenedStore>

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
  const thread = await store.createThread(user, { title: 'bench' })
  const turn = await store.createTurn(user, { threadId: thread.id, content: 'bench', model: 'mock/bench', isDemo: false })
  if (!turn) throw new Error('createTurn returned null for a thread just created')
  const jobId = turn.job.id
  await store.markJobStreaming(user, jobId)
  const times: number[] = []
  let seq = 0
  const timedWrite = async (batch: { text: string; chunks: number; lastSeq: number }) => {
    const started = performance.now()
    await store.appendJobContent(user, jobId, batch)
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

/** The stores to measure; convex only when its provider and test backend exist in this tree. */
async function storeOpeners(): Promise<{ openers: Record<string, StoreOpener>; notes: string[] }> {
  const notes: string[] = []
  const openers: Record<string, StoreOpener> = {
    sqlite: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'errand-bench-store-'))
      const store = createSqliteStore({ path: join(dir, 'bench.sqlite') })
      return { store, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }) } }
    },
    memory: async () => {
      const store = createMemoryStore()
      return { store, close: () => store.close() }
    },
  }
  try {
    const backend = await import('../../tests/unit/store/convex-backend')
    process.env.ERRAND_CONVEX_SECRET = backend.TEST_SECRET
    openers.convex = async () => {
      const store = backend.makeConvexStore()
      return { store, close: () => store.close() }
    }
  } catch (error) {
    notes.push(`convex skipped: its test backend (tests/unit/store/convex-backend.ts) could not be loaded: ${error instanceof Error ? error.message : String(error)}`)
  }
  return { openers, notes }
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
