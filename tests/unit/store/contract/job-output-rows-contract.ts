// Contract: a job's text as chunk rows (many appends read back exactly, while streaming and once
// finished, also through listMessages; a rewind cutting across a chunk) and its tool calls as rows
// (several in one write, one call changed without touching the others, order of first write, lastSeq
// never lowered, fenced like every job write).
import { describe, expect, it } from 'vitest'
import type { JobCheckpoint } from '#shared/types/job'
import { LeaseLostError } from '../../../../server/core/store/ports'
import { ALICE, BOB, createThreadWithHeldTurn, FENCE, makeToolCall, OWNER, START_TIME, type StoreContractContext } from './store-contract-context'

const checkpointAt = (contentLength: number, completed: string[] = []): JobCheckpoint =>
  ({ contentLength, completedToolCallIds: completed, state: null, savedAt: START_TIME })

/** Declares the chunked-text and tool-call-row tests of the store contract. */
export function describeJobOutputRowsContract(context: StoreContractContext): void {
  describe('text chunks and tool-call rows', () => {
    it('reads many appends back exactly: streaming, through listMessages, and finished', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      const pieces = Array.from({ length: 150 }, (_, index) => `${index % 7 === 0 ? 'Grüße 🎉 ' : ''}piece ${index}; `)
      for (const [index, text] of pieces.entries()) {
        await context.store.appendJobContent(ALICE, turn.job.id, { text, chunks: 1, lastSeq: index + 1 }, FENCE)
      }
      const expected = pieces.join('')
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({ content: expected, chunksReceived: 150, lastSeq: 150 })
      expect((await context.store.listMessages(ALICE, thread.id))[1]?.content).toBe(expected)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 151 }, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({ content: expected, status: 'complete', lastSeq: 151 })
      expect((await context.store.listMessages(ALICE, thread.id))[1]).toMatchObject({ content: expected, status: 'complete' })
    })

    it('rewinds across a chunk boundary, at a boundary and to nothing, and appends after the cut', async () => {
      for (const [length, kept] of [[4, 'abcd'], [6, 'abcdef'], [0, '']] as const) {
        const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
        for (const [index, text] of ['abc', 'def', 'ghi'].entries()) {
          await context.store.appendJobContent(ALICE, turn.job.id, { text, chunks: 1, lastSeq: index + 1 }, FENCE)
        }
        await context.store.saveCheckpoint(ALICE, turn.job.id, checkpointAt(length), FENCE)
        expect((await context.store.rewindJobToCheckpoint(turn.job.id, OWNER))?.content).toBe(kept)
        expect((await context.store.getJob(ALICE, turn.job.id))?.content).toBe(kept)
        await context.store.appendJobContent(ALICE, turn.job.id, { text: 'XY', chunks: 1, lastSeq: 10_004 }, FENCE)
        expect((await context.store.getJob(ALICE, turn.job.id))?.content).toBe(`${kept}XY`)
      }
    })

    it('writes several tool calls in one step and changes one without touching the others, in first-write order', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      const [a, b, c] = ['call_a', 'call_b', 'call_c'].map(id => makeToolCall(id, { status: 'pending' }))
      await context.store.upsertToolCalls(ALICE, turn.job.id, { toolCalls: [a!, b!, c!], seq: 5 }, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({ toolCalls: [a, b, c], lastSeq: 5 })
      const bDone = makeToolCall('call_b', { status: 'completed', result: 2, finishedAt: START_TIME + 1 })
      await context.store.upsertToolCalls(ALICE, turn.job.id, { toolCalls: [bDone], seq: 7 }, FENCE)
      const d = makeToolCall('call_d')
      await context.store.appendToolCall(ALICE, turn.job.id, d, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({ toolCalls: [a, bDone, c, d], lastSeq: 7 })
      await context.store.upsertToolCalls(ALICE, turn.job.id, { toolCalls: [makeToolCall('call_a')], seq: 3 }, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({ toolCalls: [makeToolCall('call_a'), bDone, c, d], lastSeq: 7 })
      expect((await context.store.listMessages(ALICE, thread.id))[1]?.toolCalls).toEqual([makeToolCall('call_a'), bDone, c, d])
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 8 }, FENCE)
      expect((await context.store.listMessages(ALICE, thread.id))[1]?.toolCalls).toEqual([makeToolCall('call_a'), bDone, c, d])
    })

    it('fences a batch of tool calls: another user\'s job refused, a terminal job ignored', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      const upsert = { toolCalls: [makeToolCall('call_1')], seq: 2 }
      await expect(context.store.upsertToolCalls(BOB, turn.job.id, upsert, FENCE)).rejects.toThrow(LeaseLostError)
      await expect(context.store.upsertToolCalls(ALICE, turn.job.id, upsert, { owner: 'instance-other' })).rejects.toThrow(LeaseLostError)
      expect((await context.store.getJob(ALICE, turn.job.id))?.toolCalls).toEqual([])
      await context.store.finishJob(ALICE, turn.job.id, { status: 'aborted', lastSeq: 1 }, FENCE)
      await context.store.upsertToolCalls(ALICE, turn.job.id, upsert, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({ toolCalls: [], lastSeq: 1 })
    })

    it('keeps only the completed tool calls the checkpoint lists when rewinding, and their order', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      const done = (id: string) => makeToolCall(id, { status: 'completed', result: 1, finishedAt: START_TIME })
      await context.store.upsertToolCalls(ALICE, turn.job.id, { toolCalls: [done('call_1'), makeToolCall('call_2'), done('call_3')], seq: 4 }, FENCE)
      await context.store.saveCheckpoint(ALICE, turn.job.id, checkpointAt(0, ['call_1', 'call_3']), FENCE)
      expect((await context.store.rewindJobToCheckpoint(turn.job.id, OWNER))?.toolCalls).toEqual([done('call_1'), done('call_3')])
      await context.store.upsertToolCalls(ALICE, turn.job.id, { toolCalls: [makeToolCall('call_2')], seq: 10_005 }, FENCE)
      expect((await context.store.getJob(ALICE, turn.job.id))?.toolCalls).toEqual([done('call_1'), done('call_3'), makeToolCall('call_2')])
    })
  })
}
