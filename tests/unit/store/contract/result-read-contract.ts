// Contract: marking a job's result collected (markJobResultRead). The first call sets resultReadAt and
// later calls keep that first time; it needs no lease and works on finished jobs; another user's or an
// unknown job id answers false and changes nothing. Changes no other field of the job.
import { describe, expect, it } from 'vitest'
import {
  ALICE, BOB, createThreadWithHeldTurn, createThreadWithTurn, FENCE, type StoreContractContext,
} from './store-contract-context'

/** Declares the result-read tests of the store contract. */
export function describeResultReadContract(context: StoreContractContext): void {
  describe('marking a job result collected', () => {
    it('sets resultReadAt on the first call and keeps that time on later calls', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      const at = Date.now() + 50
      expect(await context.store.markJobResultRead(ALICE, turn.job.id, at)).toBe(true)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...turn.job, resultReadAt: at })
      expect(await context.store.markJobResultRead(ALICE, turn.job.id, at + 1000)).toBe(true)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...turn.job, resultReadAt: at })
    })

    it('works on a finished job, without a lease', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 3 }, FENCE)
      const finished = await context.store.getJob(ALICE, turn.job.id)
      expect(finished).toMatchObject({ status: 'complete', resultReadAt: null })
      context.advanceClock(20)
      expect(await context.store.markJobResultRead(ALICE, turn.job.id, Date.now())).toBe(true)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...finished, resultReadAt: Date.now() })
    })

    it('answers false for another user\'s job, changing nothing, and for an unknown id', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      expect(await context.store.markJobResultRead(BOB, turn.job.id, Date.now())).toBe(false)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(turn.job)
      expect(turn.job.resultReadAt).toBeNull()
      expect(await context.store.markJobResultRead(ALICE, crypto.randomUUID(), Date.now())).toBe(false)
    })
  })
}
