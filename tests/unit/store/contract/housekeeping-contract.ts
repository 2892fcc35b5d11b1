// Contract: what the sidebar and the server's housekeeping read across jobs — the active job of each
// thread, retention of finished jobs, and the unfinished jobs found at start-up.
import { describe, expect, it } from 'vitest'
import {
  ALICE, BOB, createThreadWithHeldTurn, createThreadWithTurn, FENCE, holdJob, START_TIME, type StoreContractContext,
} from './store-contract-context'

/** Declares the active-job, retention and recovery tests of the store contract. */
export function describeHousekeepingContract(context: StoreContractContext): void {
  describe('active jobs and housekeeping', () => {
    it('lists each thread with its newest queued or streaming job', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      const idle = await context.store.createThread(ALICE, {})
      const activeJobIds = async () => (await context.store.listThreads(ALICE)).map(listed => [listed.id, listed.activeJobId])
      expect(await activeJobIds()).toEqual([[idle.id, null], [thread.id, turn.job.id]])
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      expect(await activeJobIds()).toEqual([[idle.id, null], [thread.id, turn.job.id]])
      context.advanceClock(10)
      const next = await context.store.createTurn(ALICE, { threadId: thread.id, content: 'queued behind', model: 'm', isDemo: false })
      expect(await activeJobIds()).toEqual([[thread.id, next!.job.id], [idle.id, null]])
      await holdJob(context.store, next!.job.id)
      await context.store.finishJob(ALICE, next!.job.id, { status: 'aborted', lastSeq: 0 }, FENCE)
      expect(await activeJobIds()).toEqual([[thread.id, turn.job.id], [idle.id, null]])
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 0 }, FENCE)
      expect(await activeJobIds()).toEqual([[thread.id, null], [idle.id, null]])
    })

    it('deletes only terminal jobs finished before the cutoff, across users, and returns how many', async () => {
      const old = await createThreadWithHeldTurn(context.store, ALICE, 'old')
      const bobs = await createThreadWithHeldTurn(context.store, BOB, 'bob')
      const atCutoff = await createThreadWithHeldTurn(context.store, ALICE, 'at cutoff')
      const running = await createThreadWithHeldTurn(context.store, ALICE, 'running')
      await context.store.markJobStreaming(ALICE, running.turn.job.id, FENCE)
      await context.store.finishJob(ALICE, old.turn.job.id, { status: 'complete', lastSeq: 0 }, FENCE)
      await context.store.finishJob(BOB, bobs.turn.job.id, { status: 'error', error: 'boom', lastSeq: 0 }, FENCE)
      context.advanceClock(1000)
      await context.store.finishJob(ALICE, atCutoff.turn.job.id, { status: 'aborted', lastSeq: 0 }, FENCE)
      expect(await context.store.systemDeleteFinishedJobs(START_TIME + 1000)).toBe(2)
      expect(await context.store.getJob(ALICE, old.turn.job.id)).toBeNull()
      expect(await context.store.getJob(BOB, bobs.turn.job.id)).toBeNull()
      expect((await context.store.listJobs(ALICE)).map(job => job.id)).toEqual([running.turn.job.id, atCutoff.turn.job.id])
      expect(await context.store.systemDeleteFinishedJobs(START_TIME + 1000)).toBe(0)
      expect(await context.store.systemDeleteFinishedJobs(Number.MAX_SAFE_INTEGER)).toBe(1)
      expect((await context.store.listJobs(ALICE)).map(job => job.id)).toEqual([running.turn.job.id])
      expect((await context.store.listMessages(BOB, bobs.thread.id))[1]).toMatchObject({ status: 'error', error: 'boom', jobId: bobs.turn.job.id })
    })

    it('lists the queued and streaming jobs of every user, oldest first, for recovery at start-up', async () => {
      const first = await createThreadWithTurn(context.store, ALICE, 'first')
      const finished = await createThreadWithHeldTurn(context.store, ALICE, 'finished')
      context.advanceClock(10)
      const bobs = await createThreadWithHeldTurn(context.store, BOB, 'bob')
      await context.store.markJobStreaming(BOB, bobs.turn.job.id, FENCE)
      await context.store.finishJob(ALICE, finished.turn.job.id, { status: 'complete', lastSeq: 0 }, FENCE)
      const unfinished = await context.store.systemListUnfinishedJobs()
      expect(unfinished.map(job => [job.id, job.userId, job.status])).toEqual([
        [first.turn.job.id, ALICE, 'queued'],
        [bobs.turn.job.id, BOB, 'streaming'],
      ])
      expect(unfinished[0]).toEqual(first.turn.job)
    })
  })
}
