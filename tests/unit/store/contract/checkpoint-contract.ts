// Contract: checkpoints (saved, replaced, ignored once terminal, any JSON kept exactly) and the rewind
// to a checkpoint before a resume (content cut to the checkpoint, only completed tool calls kept,
// status streaming; only for the lease holder).
import { describe, expect, it } from 'vitest'
import type { JobCheckpoint } from '#shared/types/job'
import { ALICE, BOB, createThreadWithTurn, makeToolCall, START_TIME, type StoreContractContext } from './store-contract-context'

const LEASE_EXPIRY = START_TIME + 60_000

/** A checkpoint after round 1, whose text was `contentLength` long, with `completed` tool calls done. */
function makeCheckpoint(contentLength: number, completed: string[], overrides: Partial<JobCheckpoint> = {}): JobCheckpoint {
  return {
    round: 2,
    messages: [
      { role: 'user', content: 'What is 1 + 1?' },
      { role: 'assistant', content: null, tool_calls: completed.map(id => ({ id, type: 'function', function: { name: 'calculator', arguments: '{"expression":"1 + 1"}' } })) },
      ...completed.map(id => ({ role: 'tool', tool_call_id: id, content: '2' })),
    ],
    completedToolCallIds: completed,
    contentLength,
    toolRoundsDone: 1,
    savedAt: START_TIME,
    ...overrides,
  }
}

/** Declares the checkpoint and rewind tests of the store contract. */
export function describeCheckpointContract(context: StoreContractContext): void {
  describe('checkpoints and rewind', () => {
    it('saves and replaces the checkpoint, touching updatedAt', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.saveCheckpoint(ALICE, turn.job.id, makeCheckpoint(0, []))
      expect((await context.store.getJob(ALICE, turn.job.id))?.checkpoint).toEqual(makeCheckpoint(0, []))
      context.advanceClock(40)
      const second = makeCheckpoint(5, ['call_1'], { round: 3, toolRoundsDone: 2, savedAt: START_TIME + 40 })
      await context.store.saveCheckpoint(ALICE, turn.job.id, second)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...turn.job, checkpoint: second, updatedAt: START_TIME + 40 })
    })

    it('keeps any JSON in checkpoints and tool calls exactly, whatever its keys', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      const odd = { $schema: 'x', _private: [1, { 'ключ': true, 'with space': null }], nested: { a: { b: { c: 'deep' } } } }
      const checkpoint = makeCheckpoint(0, [], { messages: [{ role: 'tool', tool_call_id: 'call_odd', content: JSON.stringify(odd), extra: odd }] })
      await context.store.saveCheckpoint(ALICE, turn.job.id, checkpoint)
      await context.store.appendToolCall(ALICE, turn.job.id, makeToolCall('call_odd', { args: odd, result: odd, status: 'completed' }))
      const job = await context.store.getJob(ALICE, turn.job.id)
      expect(job?.checkpoint).toEqual(checkpoint)
      expect(job?.toolCalls).toEqual([makeToolCall('call_odd', { args: odd, result: odd, status: 'completed' })])
    })

    it('ignores a checkpoint for a terminal job or another user\'s job', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.saveCheckpoint(BOB, turn.job.id, makeCheckpoint(0, []))
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(turn.job)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 0 })
      const finished = await context.store.getJob(ALICE, turn.job.id)
      await context.store.saveCheckpoint(ALICE, turn.job.id, makeCheckpoint(0, []))
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(finished)
    })

    it('rewinds to the checkpoint: text of completed rounds, completed tool calls, streaming', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.markJobStreaming(ALICE, turn.job.id)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'Let me ', chunks: 2, lastSeq: 2 })
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'compute. ', chunks: 1, lastSeq: 3 })
      const completed = makeToolCall('call_1', { status: 'completed', result: 2, finishedAt: START_TIME })
      await context.store.appendToolCall(ALICE, turn.job.id, completed)
      await context.store.saveCheckpoint(ALICE, turn.job.id, makeCheckpoint('Let me compute. '.length, ['call_1']))
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'The answer', chunks: 1, lastSeq: 5 })
      await context.store.appendToolCall(ALICE, turn.job.id, makeToolCall('call_2', { round: 2 }))
      await context.store.claimJobLease(turn.job.id, 'instance-b', LEASE_EXPIRY, START_TIME + 10)
      context.advanceClock(20)

      const rewound = await context.store.rewindJobToCheckpoint(turn.job.id, 'instance-b')
      expect(rewound).toMatchObject({
        status: 'streaming', content: 'Let me compute. ', toolCalls: [completed], chunksReceived: 4, lastSeq: 5,
        startedAt: START_TIME, updatedAt: START_TIME + 20, leaseOwner: 'instance-b', attempts: 1,
      })
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(rewound)
      expect((await context.store.listMessages(ALICE, thread.id))[1]).toMatchObject({ content: 'Let me compute. ', status: 'streaming', toolCalls: [completed] })
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'The answer is 2.', chunks: 1, lastSeq: 6 })
      expect((await context.store.getJob(ALICE, turn.job.id))?.content).toBe('Let me compute. The answer is 2.')
    })

    it('cuts inside an appended piece when the checkpoint says so', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      for (const text of ['aaa', 'bbb', 'ccc']) await context.store.appendJobContent(ALICE, turn.job.id, { text, chunks: 1, lastSeq: 1 })
      await context.store.saveCheckpoint(ALICE, turn.job.id, makeCheckpoint(4, []))
      await context.store.claimJobLease(turn.job.id, 'instance-a', LEASE_EXPIRY, START_TIME)
      expect((await context.store.rewindJobToCheckpoint(turn.job.id, 'instance-a'))?.content).toBe('aaab')
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'ddd', chunks: 1, lastSeq: 2 })
      expect((await context.store.getJob(ALICE, turn.job.id))?.content).toBe('aaabddd')
    })

    it('rewinds a job without a checkpoint to nothing, starting a queued one', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'partial', chunks: 1, lastSeq: 1 })
      await context.store.appendToolCall(ALICE, turn.job.id, makeToolCall('call_1', { status: 'completed' }))
      await context.store.claimJobLease(turn.job.id, 'instance-a', LEASE_EXPIRY, START_TIME)
      context.advanceClock(30)
      const rewound = await context.store.rewindJobToCheckpoint(turn.job.id, 'instance-a')
      expect(rewound).toMatchObject({ content: '', toolCalls: [], status: 'streaming', startedAt: START_TIME + 30, checkpoint: null })
      expect((await context.store.listMessages(ALICE, thread.id))[1]).toMatchObject({ content: '', status: 'streaming', toolCalls: [] })
    })

    it('rewinds only for the holder of the lease of an unfinished job', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'kept', chunks: 1, lastSeq: 1 })
      const before = await context.store.getJob(ALICE, turn.job.id)
      expect(await context.store.rewindJobToCheckpoint(turn.job.id, 'instance-a')).toBeNull()
      await context.store.claimJobLease(turn.job.id, 'instance-b', LEASE_EXPIRY, START_TIME)
      expect(await context.store.rewindJobToCheckpoint(turn.job.id, 'instance-a')).toBeNull()
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...before, attempts: 1, leaseOwner: 'instance-b', leaseExpiresAt: LEASE_EXPIRY })
      await context.store.finishJob(ALICE, turn.job.id, { status: 'aborted', lastSeq: 1 })
      await context.store.claimJobLease(turn.job.id, 'instance-b', LEASE_EXPIRY, START_TIME)
      expect(await context.store.rewindJobToCheckpoint(turn.job.id, 'instance-b')).toBeNull()
      expect((await context.store.getJob(ALICE, turn.job.id))?.content).toBe('kept')
      expect(await context.store.rewindJobToCheckpoint(crypto.randomUUID(), 'instance-b')).toBeNull()
    })
  })
}
