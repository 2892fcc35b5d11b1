// Contract: job leases for recovery across instances — claim (free, expired or own lease; attempts
// counted once per new holder; exactly one winner of a race), the batched renewal, release, the
// claimable listing, and finishJob clearing the lease. Lease writes never touch updatedAt.
import { describe, expect, it } from 'vitest'
import {
  ALICE, BOB, createThreadWithHeldTurn, createThreadWithTurn, FENCE, OWNER, START_TIME, type StoreContractContext,
} from './store-contract-context'

const LEASE_MS = 30_000

/** Declares the lease tests of the store contract. */
export function describeLeaseContract(context: StoreContractContext): void {
  describe('job leases', () => {
    it('claims a free lease: owner and expiry set, one attempt counted, nothing else changed', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      context.advanceClock(10)
      const claimed = await context.store.claimJobLease(turn.job.id, 'instance-a', START_TIME + LEASE_MS, Date.now())
      const expected = { ...turn.job, attempts: 1, leaseOwner: 'instance-a', leaseExpiresAt: START_TIME + LEASE_MS }
      expect(claimed).toEqual(expected)
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(expected)
    })

    it('refuses a lease another instance holds until it has expired, then counts a new attempt', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.claimJobLease(turn.job.id, 'instance-a', START_TIME + 1000, START_TIME)
      expect(await context.store.claimJobLease(turn.job.id, 'instance-b', START_TIME + 5000, START_TIME + 500)).toBeNull()
      expect(await context.store.claimJobLease(turn.job.id, 'instance-b', START_TIME + 5000, START_TIME + 1000)).toBeNull()
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({ leaseOwner: 'instance-a', leaseExpiresAt: START_TIME + 1000, attempts: 1 })
      const taken = await context.store.claimJobLease(turn.job.id, 'instance-b', START_TIME + 5000, START_TIME + 1001)
      expect(taken).toMatchObject({ leaseOwner: 'instance-b', leaseExpiresAt: START_TIME + 5000, attempts: 2 })
    })

    it('lets the holder claim again, moving the expiry without counting another attempt', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.claimJobLease(turn.job.id, 'instance-a', START_TIME + 1000, START_TIME)
      const again = await context.store.claimJobLease(turn.job.id, 'instance-a', START_TIME + 9000, START_TIME + 2000)
      expect(again).toMatchObject({ leaseOwner: 'instance-a', leaseExpiresAt: START_TIME + 9000, attempts: 1 })
    })

    it('gives an expired lease to exactly one of two racing claimers', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.claimJobLease(turn.job.id, 'instance-a', START_TIME + 10, START_TIME)
      const results = await Promise.all(['instance-b', 'instance-c'].map(owner =>
        context.store.claimJobLease(turn.job.id, owner, START_TIME + LEASE_MS, START_TIME + 100)))
      const winners = results.filter(result => result !== null)
      expect(winners).toHaveLength(1)
      const stored = await context.store.getJob(ALICE, turn.job.id)
      expect(stored).toEqual(winners[0])
      expect(stored).toMatchObject({ attempts: 2, leaseExpiresAt: START_TIME + LEASE_MS })
      expect(['instance-b', 'instance-c']).toContain(stored?.leaseOwner)
    })

    it('never claims a terminal or unknown job', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'aborted', lastSeq: 0 }, FENCE)
      expect(await context.store.claimJobLease(turn.job.id, 'instance-b', START_TIME + LEASE_MS, START_TIME)).toBeNull()
      expect(await context.store.claimJobLease(crypto.randomUUID(), 'instance-b', START_TIME + LEASE_MS, START_TIME)).toBeNull()
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({ attempts: 1, leaseOwner: null, leaseExpiresAt: null })
    })

    it('renews in one call every lease the owner still holds, even past expiry, and reports the others lost', async () => {
      const kept = await createThreadWithTurn(context.store, ALICE, 'kept')
      const bobs = await createThreadWithTurn(context.store, BOB, 'bob')
      const taken = await createThreadWithTurn(context.store, ALICE, 'taken')
      const finished = await createThreadWithTurn(context.store, ALICE, 'finished')
      const released = await createThreadWithTurn(context.store, ALICE, 'released')
      for (const { turn } of [kept, bobs, taken, finished, released]) {
        await context.store.claimJobLease(turn.job.id, OWNER, START_TIME + 1000, START_TIME)
      }
      await context.store.finishJob(ALICE, finished.turn.job.id, { status: 'complete', lastSeq: 0 }, FENCE)
      await context.store.releaseJobLease(released.turn.job.id, OWNER)
      await context.store.claimJobLease(taken.turn.job.id, 'instance-b', START_TIME + 9000, START_TIME + 1001)
      context.advanceClock(1500)
      const unknown = crypto.randomUUID()
      const ids = [kept, bobs, taken, finished, released].map(({ turn }) => turn.job.id)

      const renewal = await context.store.renewJobLeases(OWNER, [...ids, unknown], START_TIME + 20_000)
      expect(renewal.abortRequested).toEqual([])
      expect([...renewal.lost].sort()).toEqual([taken.turn.job.id, finished.turn.job.id, released.turn.job.id, unknown].sort())
      expect(await context.store.getJob(ALICE, kept.turn.job.id)).toEqual({
        ...kept.turn.job, attempts: 1, leaseOwner: OWNER, leaseExpiresAt: START_TIME + 20_000,
      })
      expect(await context.store.getJob(BOB, bobs.turn.job.id)).toMatchObject({ leaseOwner: OWNER, leaseExpiresAt: START_TIME + 20_000 })
      expect(await context.store.getJob(ALICE, taken.turn.job.id)).toMatchObject({ leaseOwner: 'instance-b', leaseExpiresAt: START_TIME + 9000 })
      expect(await context.store.getJob(ALICE, released.turn.job.id)).toMatchObject({ leaseOwner: null, leaseExpiresAt: null })
      expect(await context.store.renewJobLeases(OWNER, [], START_TIME + 30_000)).toEqual({ lost: [], abortRequested: [] })
    })

    it('releases only for the owner, which makes the job claimable again', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.claimJobLease(turn.job.id, 'instance-a', START_TIME + LEASE_MS, START_TIME)
      await context.store.releaseJobLease(turn.job.id, 'instance-b')
      expect(await context.store.systemListClaimableJobs(START_TIME)).toEqual([])
      await context.store.releaseJobLease(turn.job.id, 'instance-a')
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...turn.job, attempts: 1 })
      expect((await context.store.systemListClaimableJobs(START_TIME)).map(job => job.id)).toEqual([turn.job.id])
    })

    it('clears the lease when the job finishes', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.claimJobLease(turn.job.id, OWNER, START_TIME + LEASE_MS, START_TIME)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 3 }, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({
        status: 'complete', leaseOwner: null, leaseExpiresAt: null, attempts: 1,
      })
    })

    it('lists unfinished jobs of every user whose lease is free or expired, oldest first', async () => {
      const free = await createThreadWithTurn(context.store, ALICE, 'free')
      context.advanceClock(10)
      const held = await createThreadWithTurn(context.store, BOB, 'held')
      await context.store.claimJobLease(held.turn.job.id, OWNER, START_TIME + 5000, START_TIME)
      await context.store.markJobStreaming(BOB, held.turn.job.id, FENCE)
      context.advanceClock(10)
      const expiring = await createThreadWithTurn(context.store, ALICE, 'expiring')
      const finished = await createThreadWithHeldTurn(context.store, ALICE, 'finished')
      await context.store.finishJob(ALICE, finished.turn.job.id, { status: 'error', error: 'boom', lastSeq: 0 }, FENCE)
      await context.store.claimJobLease(expiring.turn.job.id, 'instance-b', START_TIME + 100, START_TIME)
      const ids = async (now: number) => (await context.store.systemListClaimableJobs(now)).map(job => job.id)
      expect(await ids(START_TIME + 100)).toEqual([free.turn.job.id])
      expect(await ids(START_TIME + 101)).toEqual([free.turn.job.id, expiring.turn.job.id])
      expect(await ids(START_TIME + 5001)).toEqual([free.turn.job.id, held.turn.job.id, expiring.turn.job.id])
      const listed = await context.store.systemListClaimableJobs(START_TIME + 5001)
      expect(listed[1]).toEqual(await context.store.getJob(BOB, held.turn.job.id))
    })
  })
}
