// The store fast-path measurement (run by store-writes.mjs under vitest, beside store-writes.measure.ts):
// the time of one append at 1 KB, 100 KB and 1 MB of stored text per provider (and SQLite's old
// `content = content || ?` on a file of schema 7, for comparison), the snapshot read of a 100,000-character
// answer streaming and finished, and what a follower reads per poll with getJob against getJobProgress.
// Writes the figures as JSON to $BENCH_STORE_FAST_PATHS_OUTPUT. Asserts only that text is intact.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import type { Store } from '../../server/core/store/ports'
import { applySqliteMigrations, SQLITE_MIGRATIONS } from '../../server/core/store/sqlite/sqlite-migrations'
import { BENCH_FENCE, BENCH_USER as user, storeOpeners, streamingJob } from './bench-stores'

const quick = process.env.BENCH_QUICK === '1'
const probes = quick ? 40 : 200
const lengths = [1024, 100 * 1024, 1024 * 1024]
const ANSWER = 100_000
/** The size of each append while building the 100,000-character answer (the server writes ~3 tokens per append). */
const answerPiece = quick ? 100 : 20
const polls = quick ? 20 : 60

const round3 = (value: number) => Math.round(value * 1000) / 1000
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}
const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value))

/** Times `probes` appends of a 24-character batch after `fill` made the stored text `length` long. */
async function timeAppends(append: (text: string, seq: number) => Promise<void> | void, length: number) {
  const piece = 'x'.repeat(1024)
  let seq = 0
  for (let stored = 0; stored < length; stored += piece.length) await append(piece, ++seq)
  const times: number[] = []
  for (let probe = 0; probe < probes; probe += 1) {
    const started = performance.now()
    await append('token token token token ', ++seq)
    times.push(performance.now() - started)
  }
  return round3(median(times))
}

/** One append on `store` per stored length. */
async function appendCost(name: string, store: Store) {
  const row: Record<string, number | string> = { store: name }
  for (const length of lengths) {
    const jobId = await streamingJob(store)
    row[`ms@${length}`] = await timeAppends((text, lastSeq) => store.appendJobContent(user, jobId, { text, chunks: 1, lastSeq }, BENCH_FENCE), length)
  }
  return row
}

/** The same on a file of schema 7 with the old statement (`content = content || ?`), the figure before chunk rows. */
async function oldSqliteAppendCost() {
  const dir = mkdtempSync(join(tmpdir(), 'errand-bench-old-'))
  const database = new Database(join(dir, 'old.sqlite'))
  try {
    database.pragma('journal_mode = WAL')
    applySqliteMigrations(database, SQLITE_MIGRATIONS.filter(migration => migration.version <= 7))
    const row: Record<string, number | string> = { store: 'sqlite before (content || ?)' }
    const insert = database.prepare(`INSERT INTO jobs (id, user_id, thread_id, message_id, kind, status, model, is_demo, content,
      chunks_received, tool_calls, tool_rounds, last_seq, created_at, updated_at, lease_owner) VALUES (?, ?, NULL, NULL, 'chat',
      'streaming', 'm', 0, '', 0, '[]', '[]', 0, 0, 0, ?)`)
    const append = database.prepare(`UPDATE jobs SET content = content || @text, chunks_received = chunks_received + 1,
      last_seq = @seq, updated_at = @now WHERE id = @jobId AND user_id = @userId AND lease_owner = @owner
      AND status NOT IN ('complete', 'error', 'aborted')`)
    for (const length of lengths) {
      const jobId = crypto.randomUUID()
      insert.run(jobId, user, BENCH_FENCE.owner)
      row[`ms@${length}`] = await timeAppends((text, seq) => {
        append.run({ text, seq, now: Date.now(), jobId, userId: user, owner: BENCH_FENCE.owner })
      }, length)
    }
    return row
  } finally {
    database.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Reads the job 20 times; the median ms. */
async function timeReads(store: Store, jobId: string): Promise<number> {
  const times: number[] = []
  for (let read = 0; read < 20; read += 1) {
    const started = performance.now()
    await store.getJob(user, jobId)
    times.push(performance.now() - started)
  }
  return round3(median(times))
}

/** A 100,000-character answer built from small appends: snapshot read while streaming and once finished. */
async function snapshotRead(name: string, store: Store) {
  const jobId = await streamingJob(store)
  const piece = 'y'.repeat(answerPiece)
  let seq = 0
  for (let stored = 0; stored < ANSWER; stored += piece.length) await store.appendJobContent(user, jobId, { text: piece, chunks: 1, lastSeq: ++seq }, BENCH_FENCE)
  const streamingMs = await timeReads(store, jobId)
  await store.finishJob(user, jobId, { status: 'complete', lastSeq: ++seq }, BENCH_FENCE)
  const finishedMs = await timeReads(store, jobId)
  const intact = (await store.getJob(user, jobId))?.content === piece.repeat(Math.ceil(ANSWER / piece.length))
  return { store: name, appends: seq - 1, streamingMs, finishedMs, intact }
}

/** A long job with a checkpoint (50 messages) and ten tool calls, streamed on while a follower polls. */
async function followerReads(name: string, store: Store) {
  const jobId = await streamingJob(store)
  let seq = 0
  let appends = 0
  for (let stored = 0; stored < 50_000; stored += 100) {
    await store.appendJobContent(user, jobId, { text: 'z'.repeat(100), chunks: 1, lastSeq: ++seq }, BENCH_FENCE)
    appends += 1
  }
  const call = (index: number, status: 'running' | 'completed') => ({
    id: `call_${index}`, name: 'calculator', status, args: { expression: `${index} * 7` }, round: 1, startedAt: 1,
    ...(status === 'completed' ? { result: index * 7, finishedAt: 2 } : {}),
  })
  await store.upsertToolCalls(user, jobId, { toolCalls: Array.from({ length: 10 }, (_, index) => call(index, 'running')), seq: ++seq }, BENCH_FENCE)
  const conversation = Array.from({ length: 50 }, (_, index) => ({ role: index % 2 ? 'assistant' : 'user', content: `message ${index} `.repeat(30) }))
  await store.saveCheckpoint(user, jobId, { contentLength: 50_000, completedToolCallIds: [], state: { conversation }, savedAt: 1 }, BENCH_FENCE)
  let cursor = seq
  const job = { bytes: 0, records: 0, ms: [] as number[] }
  const progress = { bytes: 0, records: 0, ms: [] as number[] }
  for (let poll = 0; poll < polls; poll += 1) {
    for (let batch = 0; batch < 4; batch += 1) {
      await store.appendJobContent(user, jobId, { text: 'token token ', chunks: 3, lastSeq: ++seq }, BENCH_FENCE)
      appends += 1
    }
    if (poll % 10 === 9) await store.upsertToolCalls(user, jobId, { toolCalls: [call(poll % 10, 'completed')], seq: ++seq }, BENCH_FENCE)
    let started = performance.now()
    const whole = await store.getJob(user, jobId)
    job.ms.push(performance.now() - started)
    job.bytes += bytesOf(whole)
    job.records += 1 + appends + (whole?.toolCalls.length ?? 0)
    started = performance.now()
    const changed = await store.getJobProgress(user, jobId, cursor)
    progress.ms.push(performance.now() - started)
    progress.bytes += bytesOf(changed)
    progress.records += 1 + (changed?.chunks.length ?? 0) + (changed?.toolCalls.length ?? 0)
    cursor = changed?.cursor ?? cursor
  }
  const perPoll = (side: typeof job) => ({ bytes: Math.round(side.bytes / polls), records: round3(side.records / polls), ms: round3(median(side.ms)) })
  return { store: name, polls, getJob: perPoll(job), getJobProgress: perPoll(progress) }
}

test('store fast paths: append cost by length, snapshot reads, follower reads', async () => {
  const { openers, notes } = await storeOpeners()
  const appendRows = [await oldSqliteAppendCost()]
  const snapshots = []
  const followers = []
  for (const [name, open] of Object.entries(openers)) {
    const { store, close } = await open()
    try {
      appendRows.push(await appendCost(name, store))
      snapshots.push(await snapshotRead(name, store))
      followers.push(await followerReads(name, store))
    } finally {
      await close()
    }
  }
  const output = process.env.BENCH_STORE_FAST_PATHS_OUTPUT
  if (output) writeFileSync(output, JSON.stringify({ lengths, probes, answer: ANSWER, answerPiece, appendRows, snapshots, followers, notes }))
  expect(snapshots.filter(entry => !entry.intact)).toEqual([])
})
