// Contract: the per-user feed the store records with the writes that cause it — thread events for
// create/update (and the turn that retitles), thread_deleted, and job events for queued, streaming and
// terminal — with a per-user seq that only grows, the time of the write, and never any message text.
import { describe, expect, it } from 'vitest'
import { userFeedEventSchema, type UserFeedEvent } from '#shared/types/user-event'
import {
  ALICE, BOB, createThreadWithHeldTurn, FENCE, HELD_LEASE_MS, holdJob, OWNER, START_TIME, type StoreContractContext,
} from './store-contract-context'

/** The events without their seq, to compare what happened in order. */
const bodies = (events: UserFeedEvent[]) => events.map(({ seq: _seq, ...rest }) => rest)

/** Seqs strictly increasing and every event valid by the shared schema. */
function expectWellFormed(events: UserFeedEvent[]): void {
  for (const event of events) expect(userFeedEventSchema.parse(event)).toEqual(event)
  const seqs = events.map(event => event.seq)
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
  expect(new Set(seqs).size).toBe(seqs.length)
}

/** Declares the user feed tests of the store contract. */
export function describeUserFeedContract(context: StoreContractContext): void {
  describe('per-user feed', () => {
    it('starts empty', async () => {
      expect(await context.store.listUserEvents(ALICE, 0, 100)).toEqual([])
      expect(await context.store.latestUserEventSeq(ALICE)).toBe(0)
    })

    it('records a turn\'s life in order: thread, job queued, streaming, terminal', async () => {
      const thread = await context.store.createThread(ALICE, {})
      context.advanceClock(10)
      const turn = await context.store.createTurn(ALICE, { threadId: thread.id, content: 'Secret question text', model: 'm', isDemo: false })
      const jobId = turn!.job.id
      await holdJob(context.store, jobId)
      context.advanceClock(10)
      await context.store.markJobStreaming(ALICE, jobId, FENCE)
      await context.store.appendJobContent(ALICE, jobId, { text: 'Secret answer text', chunks: 1, lastSeq: 1 }, FENCE)
      await context.store.updateJobMetadata(ALICE, jobId, { lastSeq: 2 }, FENCE)
      await context.store.saveCheckpoint(ALICE, jobId, { contentLength: 5, completedToolCallIds: [], state: { text: 'Secret' }, savedAt: 1 }, FENCE)
      context.advanceClock(10)
      await context.store.finishJob(ALICE, jobId, { status: 'complete', lastSeq: 3 }, FENCE)

      const job = { id: jobId, kind: 'chat', threadId: thread.id, messageId: turn!.assistantMessage.id, parentJobId: null, title: null }
      const events = await context.store.listUserEvents(ALICE, 0, 100)
      expectWellFormed(events)
      expect(bodies(events)).toEqual([
        { type: 'thread', at: START_TIME, thread: { id: thread.id, title: 'New chat', updatedAt: START_TIME } },
        { type: 'thread', at: START_TIME + 10, thread: { id: thread.id, title: 'Secret question text', updatedAt: START_TIME + 10 } },
        { type: 'job', at: START_TIME + 10, job: { ...job, status: 'queued' } },
        { type: 'job', at: START_TIME + 20, job: { ...job, status: 'streaming' } },
        { type: 'job', at: START_TIME + 30, job: { ...job, status: 'complete' } },
      ])
      expect(JSON.stringify(events)).not.toContain('Secret answer')
      expect(await context.store.latestUserEventSeq(ALICE)).toBe(events.at(-1)?.seq)
    })

    it('records updates and deletion of threads, and nothing for a refused or foreign write', async () => {
      const thread = await context.store.createThread(ALICE, { title: 'Before' })
      context.advanceClock(5)
      await context.store.updateThread(ALICE, thread.id, { title: 'After', enabledTools: ['web_fetch'] })
      await context.store.updateThread(BOB, thread.id, { title: 'Stolen' })
      await context.store.deleteThread(BOB, thread.id)
      await context.store.updateThread(ALICE, crypto.randomUUID(), { title: 'Nowhere' })
      context.advanceClock(5)
      expect(await context.store.deleteThread(ALICE, thread.id)).toBe(true)
      const events = await context.store.listUserEvents(ALICE, 0, 100)
      expectWellFormed(events)
      expect(bodies(events)).toEqual([
        { type: 'thread', at: START_TIME, thread: { id: thread.id, title: 'Before', updatedAt: START_TIME } },
        { type: 'thread', at: START_TIME + 5, thread: { id: thread.id, title: 'After', updatedAt: START_TIME + 5 } },
        { type: 'thread_deleted', at: START_TIME + 10, threadId: thread.id },
      ])
      expect(await context.store.listUserEvents(BOB, 0, 100)).toEqual([])
    })

    it('records queued jobs from createJob, regenerate and edit, and streaming from a rewind', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE, 'Question')
      const child = await context.store.createJob(ALICE, { kind: 'subagent', parentJobId: turn.job.id, title: 'Helper', model: 'm', isDemo: false })
      const afterCreate = await context.store.latestUserEventSeq(ALICE)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 1 }, FENCE)
      await holdJob(context.store, child!.id)
      await context.store.finishJob(ALICE, child!.id, { status: 'complete', lastSeq: 1 }, FENCE)
      const regenerated = await context.store.regenerateTurn(ALICE, turn.assistantMessage.id, { model: 'm', isDemo: false })
      await holdJob(context.store, regenerated!.job.id)
      const rewound = await context.store.rewindJobToCheckpoint(regenerated!.job.id, OWNER)
      await context.store.finishJob(ALICE, regenerated!.job.id, { status: 'error', error: 'boom', lastSeq: 1 }, FENCE)
      const edited = await context.store.editTurn(ALICE, turn.userMessage.id, { content: 'Question, edited', model: 'm', isDemo: false })

      const events = await context.store.listUserEvents(ALICE, 0, 100)
      expectWellFormed(events)
      const jobEvents = events.flatMap(event => (event.type === 'job' ? [[event.job.id, event.job.status]] : []))
      expect(jobEvents).toEqual([
        [turn.job.id, 'queued'],
        [child!.id, 'queued'],
        [turn.job.id, 'complete'],
        [child!.id, 'complete'],
        [regenerated!.job.id, 'queued'],
        [rewound!.id, 'streaming'],
        [regenerated!.job.id, 'error'],
        [edited!.job.id, 'queued'],
      ])
      expect(events.find(event => event.seq === afterCreate)).toMatchObject({
        type: 'job', job: { id: child!.id, kind: 'subagent', title: 'Helper', parentJobId: turn.job.id, threadId: null, messageId: null },
      })
      expect(JSON.stringify(events)).not.toContain('boom')
      expect(JSON.stringify(events)).not.toContain('Question, edited')
      expect(events.filter(event => event.type === 'thread').map(event => event.type === 'thread' && event.thread.id)).toEqual([thread.id, thread.id])
    })

    it('records the finish of requestJobAbort, and nothing for a mere request', async () => {
      const free = await createThreadWithHeldTurn(context.store, ALICE, 'free')
      const held = await createThreadWithHeldTurn(context.store, ALICE, 'held')
      context.advanceClock(HELD_LEASE_MS + 1)
      await context.store.renewJobLeases(OWNER, [held.turn.job.id], Date.now() + HELD_LEASE_MS)
      const before = await context.store.latestUserEventSeq(ALICE)
      expect(await context.store.requestJobAbort(ALICE, held.turn.job.id, Date.now())).toBe('requested')
      expect(await context.store.latestUserEventSeq(ALICE)).toBe(before)
      expect(await context.store.requestJobAbort(ALICE, free.turn.job.id, Date.now())).toBe('finished')
      const after = await context.store.listUserEvents(ALICE, before, 100)
      expect(bodies(after)).toEqual([{
        type: 'job', at: Date.now(),
        job: { id: free.turn.job.id, kind: 'chat', status: 'aborted', threadId: free.thread.id, messageId: free.turn.assistantMessage.id, parentJobId: null, title: null },
      }])
    })

    it('pages with afterSeq and limit, per user', async () => {
      for (const title of ['a', 'b', 'c', 'd']) await context.store.createThread(ALICE, { title })
      await context.store.createThread(BOB, { title: 'bob' })
      const all = await context.store.listUserEvents(ALICE, 0, 100)
      expect(all.map(event => event.type === 'thread' && event.thread.title)).toEqual(['a', 'b', 'c', 'd'])
      expect(await context.store.listUserEvents(ALICE, 0, 2)).toEqual(all.slice(0, 2))
      expect(await context.store.listUserEvents(ALICE, all[1]!.seq, 100)).toEqual(all.slice(2))
      expect(await context.store.listUserEvents(ALICE, all[3]!.seq, 100)).toEqual([])
      expect(await context.store.latestUserEventSeq(ALICE)).toBe(all[3]!.seq)
      expect((await context.store.listUserEvents(BOB, 0, 100)).map(event => event.type === 'thread' && event.thread.title)).toEqual(['bob'])
    })

    it('deletes feed events older than the cutoff with the finished jobs', async () => {
      await context.store.createThread(ALICE, { title: 'old' })
      context.advanceClock(1000)
      await context.store.createThread(ALICE, { title: 'new' })
      await context.store.systemDeleteFinishedJobs(START_TIME + 1000)
      const kept = await context.store.listUserEvents(ALICE, 0, 100)
      expect(kept.map(event => event.type === 'thread' && event.thread.title)).toEqual(['new'])
      expect(await context.store.latestUserEventSeq(ALICE)).toBe(kept[0]!.seq)
    })
  })
}
