// Contract: every user-facing method is scoped by user id. Another user's thread, message and job ids
// behave exactly like unknown ids (null, false, empty, 'not_found', or LeaseLostError for a fenced job
// write even with the holder's fence) and the owner's rows stay untouched.
import { beforeEach, describe, expect, it } from 'vitest'
import { type CreatedTurn, LeaseLostError } from '../../../../server/core/store/ports'
import type { Thread } from '#shared/types/thread'
import {
  ALICE, BOB, createThreadWithHeldTurn, createThreadWithTurn, FENCE, makeToolCall, START_TIME, type StoreContractContext,
} from './store-contract-context'

/** Declares the per-user isolation tests of the store contract, one per method. */
export function describeUserIsolationContract(context: StoreContractContext): void {
  describe('isolation between users', () => {
    let thread: Thread
    let turn: CreatedTurn
    let bobThread: Thread

    beforeEach(async () => {
      ({ thread, turn } = await createThreadWithHeldTurn(context.store, ALICE, 'Alice asks'))
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

    it('markJobStreaming: LeaseLostError for the other user', async () => {
      await expect(context.store.markJobStreaming(BOB, turn.job.id, FENCE)).rejects.toThrow(LeaseLostError)
      await expectAliceUntouched()
    })

    it('appendJobContent: LeaseLostError for the other user', async () => {
      await expect(context.store.appendJobContent(BOB, turn.job.id, { text: 'injected', chunks: 1, lastSeq: 1 }, FENCE)).rejects.toThrow(LeaseLostError)
      await expectAliceUntouched()
    })

    it('appendToolCall: LeaseLostError for the other user', async () => {
      await expect(context.store.appendToolCall(BOB, turn.job.id, makeToolCall('call_injected'), FENCE)).rejects.toThrow(LeaseLostError)
      await expectAliceUntouched()
    })

    it('updateJobMetadata: LeaseLostError for the other user', async () => {
      const usage = { promptTokens: 1, completionTokens: 1, cachedTokens: 1, reasoningTokens: 1 }
      await expect(context.store.updateJobMetadata(BOB, turn.job.id, { usage, lastSeq: 4 }, FENCE)).rejects.toThrow(LeaseLostError)
      await expectAliceUntouched()
    })

    it('saveCheckpoint: LeaseLostError for the other user', async () => {
      const checkpoint = { contentLength: 0, completedToolCallIds: [], state: { injected: true }, savedAt: 1 }
      await expect(context.store.saveCheckpoint(BOB, turn.job.id, checkpoint, FENCE)).rejects.toThrow(LeaseLostError)
      await expectAliceUntouched()
    })

    it('finishJob: LeaseLostError for the other user; the owner can still finish the job', async () => {
      await expect(context.store.finishJob(BOB, turn.job.id, { status: 'aborted', error: 'stopped by someone else', lastSeq: 1 }, FENCE)).rejects.toThrow(LeaseLostError)
      await expectAliceUntouched()
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 1 }, FENCE)
      expect((await context.store.getJob(ALICE, turn.job.id))?.status).toBe('complete')
    })

    it('createJob: null for the other user\'s thread or parent job, nothing written', async () => {
      expect(await context.store.createJob(BOB, { kind: 'subagent', threadId: thread.id, model: 'm', isDemo: false })).toBeNull()
      expect(await context.store.createJob(BOB, { kind: 'subagent', parentJobId: turn.job.id, model: 'm', isDemo: false })).toBeNull()
      expect((await context.store.listJobs(BOB)).map(job => job.threadId)).toEqual([bobThread.id])
      expect(await context.store.listChildJobs(ALICE, turn.job.id)).toEqual([])
    })

    it('listChildJobs: empty for the other user', async () => {
      const child = await context.store.createJob(ALICE, { kind: 'subagent', parentJobId: turn.job.id, model: 'm', isDemo: false })
      expect((await context.store.listChildJobs(ALICE, turn.job.id)).map(job => job.id)).toEqual([child!.id])
      expect(await context.store.listChildJobs(BOB, turn.job.id)).toEqual([])
      expect(await context.store.listJobs(BOB, { parentJobId: turn.job.id })).toEqual([])
    })

    it('requestJobAbort: not_found for the other user, nothing changed', async () => {
      expect(await context.store.requestJobAbort(BOB, turn.job.id, START_TIME)).toBe('not_found')
      await expectAliceUntouched()
    })

    it('regenerateTurn and editTurn: null for the other user, nothing changed', async () => {
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 1 }, FENCE)
      const finished = await context.store.getJob(ALICE, turn.job.id)
      const messages = await context.store.listMessages(ALICE, thread.id)
      expect(await context.store.regenerateTurn(BOB, turn.assistantMessage.id, { model: 'm', isDemo: false })).toBeNull()
      expect(await context.store.editTurn(BOB, turn.userMessage.id, { model: 'm', isDemo: false, content: 'stolen' })).toBeNull()
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(finished)
      expect(await context.store.listMessages(ALICE, thread.id)).toEqual(messages)
      expect((await context.store.listJobs(BOB)).map(job => job.threadId)).toEqual([bobThread.id])
    })

    it('searchThreads: only the user\'s own threads', async () => {
      expect((await context.store.searchThreads(ALICE, 'asks', 10)).map(found => found.id)).toEqual([thread.id])
      expect((await context.store.searchThreads(BOB, 'asks', 10)).map(found => found.id)).toEqual([bobThread.id])
      expect(await context.store.searchThreads(BOB, 'Alice', 10)).toEqual([])
    })

    it('listUserEvents: only the user\'s own feed', async () => {
      const bobs = await context.store.listUserEvents(BOB, 0, 100)
      expect(bobs.length).toBeGreaterThan(0)
      expect(JSON.stringify(bobs)).not.toContain(thread.id)
      expect(JSON.stringify(bobs)).not.toContain(turn.job.id)
    })
  })
}
