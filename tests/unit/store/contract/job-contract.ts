// Contract: a job's life after createTurn — streaming, content appends, tool-call upserts, metadata,
// terminal transitions (first terminal status wins) and listing jobs.
import { describe, expect, it } from 'vitest'
import { ALICE, createThreadWithHeldTurn, FENCE, makeToolCall, START_TIME, type StoreContractContext } from './store-contract-context'

const usage = { promptTokens: 1, completionTokens: 2, cachedTokens: 0, reasoningTokens: 3 }
const toolRounds = [{ round: 1, startedAt: START_TIME, toolCallIds: ['call_1'], finishReason: 'tool_calls' }]

/** Declares the job tests of the store contract. */
export function describeJobContract(context: StoreContractContext): void {
  describe('jobs', () => {
    it('answers null for an unknown job id', async () => {
      expect(await context.store.getJob(ALICE, crypto.randomUUID())).toBeNull()
    })

    it('marks a queued job streaming once, and its message with it', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      context.advanceClock(50)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      const streaming = { ...turn.job, status: 'streaming', startedAt: START_TIME + 50, updatedAt: START_TIME + 50 }
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(streaming)
      expect((await context.store.listMessages(ALICE, thread.id))[1]?.status).toBe('streaming')
      context.advanceClock(50)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(streaming)
    })

    it('appends content in order, counting chunks and keeping the last seq', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'The answer ', chunks: 3, lastSeq: 3 }, FENCE)
      context.advanceClock(120)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'is ', chunks: 1, lastSeq: 4 }, FENCE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: '42.', chunks: 2, lastSeq: 6 }, FENCE)
      const job = await context.store.getJob(ALICE, turn.job.id)
      expect(job).toMatchObject({ content: 'The answer is 42.', chunksReceived: 6, lastSeq: 6, updatedAt: START_TIME + 120 })
    })

    it('upserts tool calls by id, keeping the order of first insertion', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      const passed = makeToolCall('call_1')
      await context.store.appendToolCall(ALICE, turn.job.id, passed, FENCE)
      await context.store.appendToolCall(ALICE, turn.job.id, makeToolCall('call_2', { name: 'clock' }), FENCE)
      await context.store.appendToolCall(ALICE, turn.job.id, makeToolCall('call_1', { status: 'completed', result: 2, finishedAt: START_TIME }), FENCE)
      passed.name = 'changed by the caller afterwards'
      expect((await context.store.getJob(ALICE, turn.job.id))?.toolCalls).toEqual([
        makeToolCall('call_1', { status: 'completed', result: 2, finishedAt: START_TIME }),
        makeToolCall('call_2', { name: 'clock' }),
      ])
    })

    it('updates only the metadata fields given', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.updateJobMetadata(ALICE, turn.job.id, { usage }, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...turn.job, usage })
      context.advanceClock(5)
      await context.store.updateJobMetadata(ALICE, turn.job.id, { toolRounds }, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...turn.job, usage, toolRounds, updatedAt: START_TIME + 5 })
      await context.store.updateJobMetadata(ALICE, turn.job.id, { lastSeq: 9 }, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...turn.job, usage, toolRounds, lastSeq: 9, updatedAt: START_TIME + 5 })
    })

    it('finishes a job: status, error (null by default), finishedAt, lastSeq; touches the thread', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      context.advanceClock(300)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 7 }, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({
        status: 'complete', error: null, finishedAt: START_TIME + 300, lastSeq: 7, updatedAt: START_TIME + 300,
      })
      expect((await context.store.getThread(ALICE, thread.id))?.updatedAt).toBe(START_TIME + 300)
    })

    it('finishes a queued job directly (stopped before it started)', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'aborted', error: 'Stopped by the user', lastSeq: 0 }, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({ status: 'aborted', error: 'Stopped by the user', startedAt: null })
    })

    it('keeps the first terminal status and ignores every later change to the job', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'Kept', chunks: 1, lastSeq: 1 }, FENCE)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 1 }, FENCE)
      const finished = await context.store.getJob(ALICE, turn.job.id)
      const finishedMessages = await context.store.listMessages(ALICE, thread.id)
      context.advanceClock(1000)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'aborted', error: 'late abort', lastSeq: 5 }, FENCE)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: ' and more', chunks: 1, lastSeq: 6 }, FENCE)
      await context.store.appendToolCall(ALICE, turn.job.id, makeToolCall('call_late'), FENCE)
      await context.store.updateJobMetadata(ALICE, turn.job.id, { usage, toolRounds, lastSeq: 8 }, FENCE)
      expect(finished).toMatchObject({ status: 'complete', content: 'Kept', finishedAt: START_TIME })
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(finished)
      expect(await context.store.listMessages(ALICE, thread.id)).toEqual(finishedMessages)
    })

    it('lists jobs newest first, filtered by statuses and thread', async () => {
      const first = await createThreadWithHeldTurn(context.store, ALICE, 'first')
      const second = await context.store.createTurn(ALICE, { threadId: first.thread.id, content: 'again', model: 'm', isDemo: false })
      context.advanceClock(10)
      const other = await createThreadWithHeldTurn(context.store, ALICE, 'other')
      await context.store.markJobStreaming(ALICE, other.turn.job.id, FENCE)
      await context.store.finishJob(ALICE, first.turn.job.id, { status: 'complete', lastSeq: 0 }, FENCE)
      const ids = (jobs: { id: string }[]) => jobs.map(job => job.id)
      expect(ids(await context.store.listJobs(ALICE))).toEqual([other.turn.job.id, second!.job.id, first.turn.job.id])
      expect(ids(await context.store.listJobs(ALICE, { threadId: first.thread.id }))).toEqual([second!.job.id, first.turn.job.id])
      expect(ids(await context.store.listJobs(ALICE, { statuses: ['queued', 'streaming'] }))).toEqual([other.turn.job.id, second!.job.id])
      expect(ids(await context.store.listJobs(ALICE, { statuses: ['complete'], threadId: first.thread.id }))).toEqual([first.turn.job.id])
      expect(await context.store.listJobs(ALICE, { statuses: ['streaming'], threadId: first.thread.id })).toEqual([])
      expect(await context.store.listJobs(ALICE, { statuses: [] })).toEqual([])
    })
  })
}
