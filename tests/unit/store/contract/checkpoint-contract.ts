// Contract: checkpoints (the envelope saved, replaced, ignored once terminal, the kind's state kept
// exactly as any JSON) and the rewind to a checkpoint before a resume (content cut to its
// contentLength, only its completedToolCallIds kept, status streaming; only for the lease holder).
import { describe, expect, it } from 'vitest'
import type { JobCheckpoint } from '#shared/types/job'
import { LeaseLostError } from '../../../../server/core/store/ports'
import { checkpointOf, storedRunStateSchema } from '../../../../server/core/agent/run-checkpoint'
import { historyFingerprint } from '../../../../server/core/agent/history-fingerprint'
import {
  ALICE, BOB, createThreadWithHeldTurn, FENCE, HELD_LEASE_MS, makeToolCall, OWNER, START_TIME, type StoreContractContext,
} from './store-contract-context'

const LEASE_EXPIRY = START_TIME + 10 * HELD_LEASE_MS
/** A time at which the lease taken by createThreadWithHeldTurn has lapsed. */
const AFTER_HELD_LEASE = START_TIME + HELD_LEASE_MS + 1

/** A checkpoint whose text was `contentLength` long, with `completed` tool calls done and a chat-like state. */
function makeCheckpoint(contentLength: number, completed: string[], overrides: Partial<JobCheckpoint> = {}): JobCheckpoint {
  return {
    contentLength,
    completedToolCallIds: completed,
    state: {
      nextRound: 2,
      conversation: [
        { role: 'user', content: 'What is 1 + 1?' },
        { role: 'assistant', content: null, tool_calls: completed.map(id => ({ id, type: 'function', function: { name: 'calculator', arguments: '{"expression":"1 + 1"}' } })) },
        ...completed.map(id => ({ role: 'tool', tool_call_id: id, content: '2' })),
      ],
      roundsDone: 1,
    },
    savedAt: START_TIME,
    ...overrides,
  }
}

/** Declares the checkpoint and rewind tests of the store contract. */
export function describeCheckpointContract(context: StoreContractContext): void {
  describe('checkpoints and rewind', () => {
    it('saves and replaces the checkpoint envelope, touching updatedAt', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.saveCheckpoint(ALICE, turn.job.id, makeCheckpoint(0, []), FENCE)
      expect((await context.store.getJob(ALICE, turn.job.id))?.checkpoint).toEqual(makeCheckpoint(0, []))
      context.advanceClock(40)
      const second = makeCheckpoint(5, ['call_1'], { state: { nextRound: 3, roundsDone: 2 }, savedAt: START_TIME + 40 })
      await context.store.saveCheckpoint(ALICE, turn.job.id, second, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...turn.job, checkpoint: second, updatedAt: START_TIME + 40 })
    })

    it('keeps an incremental agent checkpoint (only the run\'s additions) exactly, readable by its schema', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      const history = [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'What is 1 + 1?' }]
      const added = [
        { role: 'assistant' as const, content: null, tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'calculate', arguments: '{"expression":"1+1"}' } }] },
        { role: 'tool' as const, tool_call_id: 'call_1', content: '2' },
      ]
      const checkpoint = checkpointOf({
        messages: [...history, ...added], base: historyFingerprint(history), round: 2, toolRoundsDone: 1, textLength: 0, usage: null, rounds: [],
      })
      await context.store.saveCheckpoint(ALICE, turn.job.id, checkpoint, FENCE)
      const stored = (await context.store.getJob(ALICE, turn.job.id))?.checkpoint
      expect(stored).toEqual(checkpoint)
      const state = storedRunStateSchema.parse(stored?.state)
      expect('added' in state ? state.added : null).toEqual(added)
      expect(JSON.stringify(stored)).not.toContain('Be brief.')
    })

    it('keeps any JSON state in checkpoints and tool calls exactly, whatever its keys or type', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      const odd = { $schema: 'x', _private: [1, { 'ключ': true, 'with space': null }], nested: { a: { b: { c: 'deep' } } } }
      const checkpoint = makeCheckpoint(0, [], { state: [{ role: 'tool', tool_call_id: 'call_odd', content: JSON.stringify(odd), extra: odd }] })
      await context.store.saveCheckpoint(ALICE, turn.job.id, checkpoint, FENCE)
      await context.store.appendToolCall(ALICE, turn.job.id, makeToolCall('call_odd', { args: odd, result: odd, status: 'completed' }), FENCE)
      const job = await context.store.getJob(ALICE, turn.job.id)
      expect(job?.checkpoint).toEqual(checkpoint)
      expect(job?.toolCalls).toEqual([makeToolCall('call_odd', { args: odd, result: odd, status: 'completed' })])
      for (const state of ['just text', 42, null]) {
        await context.store.saveCheckpoint(ALICE, turn.job.id, makeCheckpoint(0, [], { state }), FENCE)
        expect((await context.store.getJob(ALICE, turn.job.id))?.checkpoint).toEqual(makeCheckpoint(0, [], { state }))
      }
    })

    it('ignores a checkpoint for a terminal job and refuses one for another user\'s job', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await expect(context.store.saveCheckpoint(BOB, turn.job.id, makeCheckpoint(0, []), FENCE)).rejects.toThrow(LeaseLostError)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(turn.job)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 0 }, FENCE)
      const finished = await context.store.getJob(ALICE, turn.job.id)
      await context.store.saveCheckpoint(ALICE, turn.job.id, makeCheckpoint(0, []), FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(finished)
    })

    it('rewinds to the checkpoint: text of completed rounds, completed tool calls, streaming', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'Let me ', chunks: 2, lastSeq: 2 }, FENCE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'compute. ', chunks: 1, lastSeq: 3 }, FENCE)
      const completed = makeToolCall('call_1', { status: 'completed', result: 2, finishedAt: START_TIME })
      await context.store.appendToolCall(ALICE, turn.job.id, completed, FENCE)
      await context.store.saveCheckpoint(ALICE, turn.job.id, makeCheckpoint('Let me compute. '.length, ['call_1']), FENCE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'The answer', chunks: 1, lastSeq: 5 }, FENCE)
      await context.store.appendToolCall(ALICE, turn.job.id, makeToolCall('call_2', { round: 2 }), FENCE)
      context.advanceClock(HELD_LEASE_MS + 1)
      await context.store.claimJobLease(turn.job.id, 'instance-b', LEASE_EXPIRY, AFTER_HELD_LEASE)
      context.advanceClock(20)

      const rewound = await context.store.rewindJobToCheckpoint(turn.job.id, 'instance-b')
      expect(rewound).toMatchObject({
        status: 'streaming', content: 'Let me compute. ', toolCalls: [completed], chunksReceived: 4, lastSeq: 5,
        startedAt: START_TIME, updatedAt: AFTER_HELD_LEASE + 20, leaseOwner: 'instance-b', attempts: 2,
        checkpoint: makeCheckpoint('Let me compute. '.length, ['call_1']),
      })
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(rewound)
      expect((await context.store.listMessages(ALICE, thread.id))[1]).toMatchObject({ content: 'Let me compute. ', status: 'streaming', toolCalls: [completed] })
      await expect(context.store.appendJobContent(ALICE, turn.job.id, { text: 'stale', chunks: 1, lastSeq: 6 }, FENCE)).rejects.toThrow(LeaseLostError)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'The answer is 2.', chunks: 1, lastSeq: 6 }, { owner: 'instance-b' })
      expect((await context.store.getJob(ALICE, turn.job.id))?.content).toBe('Let me compute. The answer is 2.')
    })

    it('cuts inside an appended piece when the checkpoint says so', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      for (const text of ['aaa', 'bbb', 'ccc']) await context.store.appendJobContent(ALICE, turn.job.id, { text, chunks: 1, lastSeq: 1 }, FENCE)
      await context.store.saveCheckpoint(ALICE, turn.job.id, makeCheckpoint(4, []), FENCE)
      expect((await context.store.rewindJobToCheckpoint(turn.job.id, OWNER))?.content).toBe('aaab')
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'ddd', chunks: 1, lastSeq: 2 }, FENCE)
      expect((await context.store.getJob(ALICE, turn.job.id))?.content).toBe('aaabddd')
    })

    it('rewinds a job without a checkpoint to nothing, starting a queued one', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'partial', chunks: 1, lastSeq: 1 }, FENCE)
      await context.store.appendToolCall(ALICE, turn.job.id, makeToolCall('call_1', { status: 'completed' }), FENCE)
      context.advanceClock(30)
      const rewound = await context.store.rewindJobToCheckpoint(turn.job.id, OWNER)
      expect(rewound).toMatchObject({ content: '', toolCalls: [], status: 'streaming', startedAt: START_TIME + 30, checkpoint: null })
      expect((await context.store.listMessages(ALICE, thread.id))[1]).toMatchObject({ content: '', status: 'streaming', toolCalls: [] })
    })

    it('rewinds only for the holder of the lease of an unfinished job', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'kept', chunks: 1, lastSeq: 1 }, FENCE)
      const before = await context.store.getJob(ALICE, turn.job.id)
      expect(await context.store.rewindJobToCheckpoint(turn.job.id, 'instance-b')).toBeNull()
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(before)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'aborted', lastSeq: 1 }, FENCE)
      expect(await context.store.rewindJobToCheckpoint(turn.job.id, OWNER)).toBeNull()
      expect((await context.store.getJob(ALICE, turn.job.id))?.content).toBe('kept')
      expect(await context.store.rewindJobToCheckpoint(crypto.randomUUID(), OWNER)).toBeNull()
    })
  })
}
