// Contract: every user-facing method is scoped by user id. Another user's thread, message and job ids
// behave exactly like unknown ids (null, false, empty or no-op) and the owner's rows stay untouched.
import { beforeEach, describe, expect, it } from 'vitest'
import type { CreatedTurn } from '../../../../server/core/store/ports'
import type { Thread } from '#shared/types/thread'
import { ALICE, BOB, createThreadWithTurn, makeToolCall, type StoreContractContext } from './store-contract-context'

/** Declares the per-user isolation tests of the store contract, one per method. */
export function describeUserIsolationContract(context: StoreContractContext): void {
  describe('isolation between users', () => {
    let thread: Thread
    let turn: CreatedTurn
    let bobThread: Thread

    beforeEach(async () => {
      ({ thread, turn } = await createThreadWithTurn(context.store, ALICE, 'Alice asks'))
      bobThread = (await createThreadWithTurn(context.store, BOB, 'Bob asks')).thread
    })

    /** Alice's rows exactly as they were right after the set-up. */
    const expectAliceUntouched = async () => {
      expect(await context.store.getThread(ALICE, thread.id)).toEqual({ ...thread, title: 'Alice asks' })
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(turn.job)
      expect(await context.store.listMessages(ALICE, thread.id)).toEqual([turn.userMessage, turn.assistantMessage])
    }

    it('getThread: null for the other user', async () => {
      expect(await context.store.getThread(BOB, thread.id)).toBeNull()
    })

    it('listThreads: each user sees only their own threads', async () => {
      expect((await context.store.listThreads(ALICE)).map(listed => listed.id)).toEqual([thread.id])
      expect((await context.store.listThreads(BOB)).map(listed => listed.id)).toEqual([bobThread.id])
    })

    it('updateThread: null for the other user, nothing changed', async () => {
      expect(await context.store.updateThread(BOB, thread.id, { title: 'stolen', disabledTools: ['x'] })).toBeNull()
      await expectAliceUntouched()
    })

    it('deleteThread: false for the other user, nothing deleted', async () => {
      expect(await context.store.deleteThread(BOB, thread.id)).toBe(false)
      await expectAliceUntouched()
    })

    it('listMessages: empty for the other user', async () => {
      expect(await context.store.listMessages(BOB, thread.id)).toEqual([])
    })

    it('createTurn: null for the other user, nothing written', async () => {
      expect(await context.store.createTurn(BOB, { threadId: thread.id, content: 'intrude', model: 'm', isDemo: false })).toBeNull()
      await expectAliceUntouched()
      expect((await context.store.listJobs(BOB)).map(job => job.threadId)).toEqual([bobThread.id])
    })

    it('getJob: null for the other user', async () => {
      expect(await context.store.getJob(BOB, turn.job.id)).toBeNull()
    })

    it('listJobs: only the user\'s own jobs, even filtered by the other user\'s thread', async () => {
      expect((await context.store.listJobs(ALICE)).map(job => job.id)).toEqual([turn.job.id])
      expect((await context.store.listJobs(BOB)).map(job => job.threadId)).toEqual([bobThread.id])
      expect(await context.store.listJobs(BOB, { threadId: thread.id })).toEqual([])
    })

    it('markJobStreaming: no-op for the other user', async () => {
      await context.store.markJobStreaming(BOB, turn.job.id)
      await expectAliceUntouched()
    })

    it('appendJobContent: no-op for the other user', async () => {
      await context.store.appendJobContent(BOB, turn.job.id, { text: 'injected', chunks: 1, lastSeq: 1 })
      await expectAliceUntouched()
    })

    it('appendToolCall: no-op for the other user', async () => {
      await context.store.appendToolCall(BOB, turn.job.id, makeToolCall('call_injected'))
      await expectAliceUntouched()
    })

    it('updateJobMetadata: no-op for the other user', async () => {
      const usage = { promptTokens: 1, completionTokens: 1, cachedTokens: 1, reasoningTokens: 1 }
      await context.store.updateJobMetadata(BOB, turn.job.id, { usage, lastSeq: 4 })
      await expectAliceUntouched()
    })

    it('saveCheckpoint: no-op for the other user', async () => {
      const checkpoint = { round: 1, messages: [], completedToolCallIds: [], contentLength: 0, toolRoundsDone: 0, savedAt: 1 }
      await context.store.saveCheckpoint(BOB, turn.job.id, checkpoint)
      await expectAliceUntouched()
    })

    it('finishJob: no-op for the other user; the owner can still finish the job', async () => {
      await context.store.finishJob(BOB, turn.job.id, { status: 'aborted', error: 'stopped by someone else', lastSeq: 1 })
      await expectAliceUntouched()
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 1 })
      expect((await context.store.getJob(ALICE, turn.job.id))?.status).toBe('complete')
    })
  })
}
