// How the Convex functions keep long text: one chunk row per append (a job row never grows with its
// text), pieces small enough for Convex's 1 MiB document cap, overflow rows for a very long answer,
// deletion of every row with its thread or by retention in bounded batches (feed events included).
import { describe, expect, it } from 'vitest'
import { api } from '../../../convex/_generated/api'
import { TEXT_PIECE_LIMIT } from '../../../convex/lib/textPieces'
import { makeConvexBackend, makeConvexStore, TEST_SECRET, useTestSecret } from './convex-backend'

useTestSecret()

type Backend = ReturnType<typeof makeConvexBackend>

const readRows = (backend: Backend) => backend.run(async context => ({
  jobs: await context.db.query('background_jobs').collect(),
  chunks: await context.db.query('job_content_chunks').collect(),
  messageChunks: await context.db.query('message_content_chunks').collect(),
  messages: await context.db.query('messages').collect(),
  threads: await context.db.query('threads').collect(),
}))

/** The lease owner the tests write as. */
const fence = { owner: 'instance-a' }

/** A backend with one thread and one streaming job of user-1, its lease held by `fence.owner`. */
async function startJob(backend: Backend) {
  const store = makeConvexStore(backend)
  const thread = await store.createThread('user-1', {})
  const turn = await store.createTurn('user-1', { threadId: thread.id, content: 'Write a lot', model: 'm', isDemo: false })
  await store.claimJobLease(turn!.job.id, fence.owner, Date.now() + 60_000, Date.now())
  await store.markJobStreaming('user-1', turn!.job.id, fence)
  return { store, thread, job: turn!.job }
}

describe('convex content chunks', () => {
  it('inserts one chunk row per append and never rewrites the job row\'s text or earlier chunks', async () => {
    const backend = makeConvexBackend()
    const { store, job } = await startJob(backend)
    const pieces = Array.from({ length: 40 }, (_, index) => `piece ${index}; `)
    await store.appendJobContent('user-1', job.id, { text: pieces[0]!, chunks: 1, lastSeq: 1 }, fence)
    const first = await readRows(backend)
    for (const [index, text] of pieces.slice(1).entries()) await store.appendJobContent('user-1', job.id, { text, chunks: 1, lastSeq: index + 2 }, fence)
    const rows = await readRows(backend)

    expect(rows.chunks.map(chunk => [chunk.index, chunk.text])).toEqual(pieces.map((text, index) => [index, text]))
    expect(rows.chunks[0]).toEqual(first.chunks[0])
    expect(Object.keys(rows.jobs[0]!)).not.toContain('content')
    expect(JSON.stringify(rows.jobs[0]).length - JSON.stringify(first.jobs[0]).length).toBeLessThan(10)
    expect((await store.getJob('user-1', job.id))?.content).toBe(pieces.join(''))
  })

  it('splits an append longer than a document may hold, and a long answer onto message overflow rows', async () => {
    const backend = makeConvexBackend()
    const { store, thread, job } = await startJob(backend)
    const long = `${'a'.repeat(TEXT_PIECE_LIMIT)}${'b'.repeat(TEXT_PIECE_LIMIT)}tail`
    await store.appendJobContent('user-1', job.id, { text: long, chunks: 1, lastSeq: 1 }, fence)
    expect((await readRows(backend)).chunks.map(chunk => chunk.text.length)).toEqual([TEXT_PIECE_LIMIT, TEXT_PIECE_LIMIT, 4])
    await store.finishJob('user-1', job.id, { status: 'complete', lastSeq: 1 }, fence)

    const rows = await readRows(backend)
    const assistant = rows.messages.find(message => message.role === 'assistant')
    expect(assistant?.content).toBe('a'.repeat(TEXT_PIECE_LIMIT))
    expect(rows.messageChunks.map(chunk => [chunk.index, chunk.text.length])).toEqual([[0, TEXT_PIECE_LIMIT], [1, 4]])
    expect((await store.listMessages('user-1', thread.id))[1]?.content).toBe(long)
    await store.systemDeleteFinishedJobs(Number.MAX_SAFE_INTEGER)
    expect((await store.listMessages('user-1', thread.id))[1]?.content).toBe(long)
  })

  it('deletes every row of a thread with it', async () => {
    const backend = makeConvexBackend()
    const { store, thread, job } = await startJob(backend)
    await store.appendJobContent('user-1', job.id, { text: 'x'.repeat(TEXT_PIECE_LIMIT + 1), chunks: 1, lastSeq: 1 }, fence)
    await store.finishJob('user-1', job.id, { status: 'complete', lastSeq: 1 }, fence)
    expect(await store.deleteThread('user-1', thread.id)).toBe(true)
    expect(await readRows(backend)).toEqual({ jobs: [], chunks: [], messageChunks: [], messages: [], threads: [] })
  })

  it('deletes expired jobs with their chunks in batches of bounded size', async () => {
    const backend = makeConvexBackend()
    const { store, job } = await startJob(backend)
    for (const text of ['a', 'b', 'c', 'd', 'e']) await store.appendJobContent('user-1', job.id, { text, chunks: 1, lastSeq: 1 }, fence)
    await store.finishJob('user-1', job.id, { status: 'complete', lastSeq: 1 }, fence)
    const cleanup = () => backend.mutation(api.jobHousekeeping.cleanup, { secret: TEST_SECRET, cutoff: Number.MAX_SAFE_INTEGER, batchRows: 2 })
    expect(await cleanup()).toEqual({ deleted: 0, done: false })
    expect((await readRows(backend)).chunks.map(chunk => chunk.text)).toEqual(['c', 'd', 'e'])
    expect(await cleanup()).toEqual({ deleted: 0, done: false })
    expect(await cleanup()).toEqual({ deleted: 1, done: false })
    expect((await readRows(backend)).jobs).toEqual([])
    // Then the feed events (thread created, retitled; job queued, streaming, complete), two per call.
    expect(await backend.run(async context => (await context.db.query('user_events').collect()).length)).toBe(5)
    expect(await cleanup()).toEqual({ deleted: 0, done: false })
    expect(await cleanup()).toEqual({ deleted: 0, done: false })
    expect(await cleanup()).toEqual({ deleted: 0, done: true })
    expect(await backend.run(async context => (await context.db.query('user_events').collect()).length)).toBe(0)
  })
})
