// Contract: admission inside createTurn. With `maxActiveJobsPerUser`, a user who already has that many
// queued or streaming jobs gets TooManyActiveJobsError and nothing is written; finished jobs and other
// users' jobs do not count.
import { describe, expect, it } from 'vitest'
import { TooManyActiveJobsError } from '../../../../server/core/store/ports'
import {
  ALICE, BOB, createThreadWithHeldTurn, createThreadWithTurn, FENCE, type StoreContractContext,
} from './store-contract-context'

/** Declares the admission tests of the store contract. */
export function describeAdmissionContract(context: StoreContractContext): void {
  describe('admission', () => {
    it('refuses a turn once the user has the limit of queued and streaming jobs, writing nothing', async () => {
      await createThreadWithTurn(context.store, ALICE, 'queued')
      const streaming = await createThreadWithHeldTurn(context.store, ALICE, 'streaming')
      await context.store.markJobStreaming(ALICE, streaming.turn.job.id, FENCE)
      const fresh = await context.store.createThread(ALICE, {})
      const jobsBefore = await context.store.listJobs(ALICE)
      const threadsBefore = await context.store.listThreads(ALICE)
      context.advanceClock(100)

      const refused = context.store.createTurn(ALICE, { threadId: fresh.id, content: 'One too many', model: 'm', isDemo: false, maxActiveJobsPerUser: 2 })
      await expect(refused).rejects.toThrow(TooManyActiveJobsError)
      await expect(refused).rejects.toThrow('You already have 2 answers running or queued; wait for one to finish or stop one.')
      await expect(refused).rejects.toMatchObject({ name: 'TooManyActiveJobsError', limit: 2 })
      expect(await context.store.listJobs(ALICE)).toEqual(jobsBefore)
      expect(await context.store.listThreads(ALICE)).toEqual(threadsBefore)
      expect(await context.store.listMessages(ALICE, fresh.id)).toEqual([])
      expect(await context.store.getThread(ALICE, fresh.id)).toEqual(fresh)
    })

    it('counts neither finished jobs nor the jobs of other users', async () => {
      const done = await createThreadWithHeldTurn(context.store, ALICE, 'done')
      await context.store.finishJob(ALICE, done.turn.job.id, { status: 'complete', lastSeq: 0 }, FENCE)
      await createThreadWithTurn(context.store, BOB, 'bob is busy')
      const admitted = await context.store.createTurn(ALICE, {
        threadId: done.thread.id, content: 'next', model: 'm', isDemo: false, maxActiveJobsPerUser: 1,
      })
      expect(admitted?.job.status).toBe('queued')
      await expect(context.store.createTurn(ALICE, {
        threadId: done.thread.id, content: 'and another', model: 'm', isDemo: false, maxActiveJobsPerUser: 1,
      })).rejects.toThrow(TooManyActiveJobsError)
      expect((await context.store.listJobs(ALICE)).map(job => job.id)).toEqual([admitted!.job.id, done.turn.job.id])
    })

    it('admits without a limit, and answers null for an unknown thread before counting', async () => {
      await createThreadWithTurn(context.store, ALICE, 'one')
      const { thread } = await createThreadWithTurn(context.store, ALICE, 'two')
      expect(await context.store.createTurn(ALICE, { threadId: thread.id, content: 'three', model: 'm', isDemo: false })).not.toBeNull()
      expect(await context.store.createTurn(ALICE, {
        threadId: crypto.randomUUID(), content: 'nowhere', model: 'm', isDemo: false, maxActiveJobsPerUser: 1,
      })).toBeNull()
    })
  })
}
