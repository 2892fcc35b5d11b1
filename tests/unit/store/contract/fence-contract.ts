// Contract: lease-fenced job writes. Each of markJobStreaming, appendJobContent, appendToolCall,
// updateJobMetadata, finishJob and saveCheckpoint writes only while the fence's owner holds the lease
// (even past its expiry while nobody claimed it since); otherwise LeaseLostError and nothing changes.
// Unknown (deleted) jobs throw too; terminal jobs silently ignore the write.
import { describe, expect, it } from 'vitest'
import { type LeaseFence, LeaseLostError, type Store } from '../../../../server/core/store/ports'
import {
  ALICE, createThreadWithHeldTurn, createThreadWithTurn, FENCE, HELD_LEASE_MS, makeToolCall, OWNER, START_TIME,
  type StoreContractContext,
} from './store-contract-context'

/** One fenced write of each kind, applied to `jobId` with `fence`. */
const FENCED_WRITES: Record<string, (store: Store, jobId: string, fence: LeaseFence) => Promise<void>> = {
  markJobStreaming: (store, jobId, fence) => store.markJobStreaming(ALICE, jobId, fence),
  appendJobContent: (store, jobId, fence) => store.appendJobContent(ALICE, jobId, { text: 'more', chunks: 1, lastSeq: 9 }, fence),
  appendToolCall: (store, jobId, fence) => store.appendToolCall(ALICE, jobId, makeToolCall('call_fenced'), fence),
  updateJobMetadata: (store, jobId, fence) => store.updateJobMetadata(ALICE, jobId, { lastSeq: 9, toolRounds: [] }, fence),
  finishJob: (store, jobId, fence) => store.finishJob(ALICE, jobId, { status: 'complete', lastSeq: 9 }, fence),
  saveCheckpoint: (store, jobId, fence) => store.saveCheckpoint(ALICE, jobId, {
    contentLength: 0, completedToolCallIds: [], state: { fenced: true }, savedAt: START_TIME,
  }, fence),
}

/** Declares the fenced-write tests of the store contract. */
export function describeFenceContract(context: StoreContractContext): void {
  describe('lease-fenced job writes', () => {
    for (const [name, write] of Object.entries(FENCED_WRITES)) {
      describe(name, () => {
        it('writes while the owner holds the lease, even past its expiry when nobody claimed it since', async () => {
          const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
          context.advanceClock(HELD_LEASE_MS + 1000)
          await write(context.store, turn.job.id, FENCE)
          const job = await context.store.getJob(ALICE, turn.job.id)
          expect(job?.updatedAt).toBe(START_TIME + HELD_LEASE_MS + 1000)
          expect(job).not.toEqual(turn.job)
          expect((await context.store.listMessages(ALICE, thread.id))).toHaveLength(2)
        })

        it('throws LeaseLostError and changes nothing when another owner holds the lease', async () => {
          const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
          context.advanceClock(HELD_LEASE_MS + 1)
          const taken = await context.store.claimJobLease(turn.job.id, 'instance-b', Date.now() + HELD_LEASE_MS, Date.now())
          const messages = await context.store.listMessages(ALICE, thread.id)
          const events = await context.store.listUserEvents(ALICE, 0, 100)
          const refused = write(context.store, turn.job.id, FENCE)
          await expect(refused).rejects.toThrow(LeaseLostError)
          await expect(refused).rejects.toMatchObject({ name: 'LeaseLostError', jobId: turn.job.id })
          expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(taken)
          expect(await context.store.listMessages(ALICE, thread.id)).toEqual(messages)
          expect(await context.store.listUserEvents(ALICE, 0, 100)).toEqual(events)
        })

        it('throws LeaseLostError for a job nobody holds (never claimed, or released)', async () => {
          const { turn } = await createThreadWithTurn(context.store, ALICE)
          await expect(write(context.store, turn.job.id, FENCE)).rejects.toThrow(LeaseLostError)
          expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(turn.job)
          const held = await context.store.claimJobLease(turn.job.id, OWNER, START_TIME + HELD_LEASE_MS, START_TIME)
          await context.store.releaseJobLease(turn.job.id, OWNER)
          await expect(write(context.store, turn.job.id, FENCE)).rejects.toThrow(LeaseLostError)
          expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...held, leaseOwner: null, leaseExpiresAt: null })
        })

        it('throws LeaseLostError for an unknown or deleted job', async () => {
          const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
          await expect(write(context.store, crypto.randomUUID(), FENCE)).rejects.toThrow(LeaseLostError)
          await context.store.deleteThread(ALICE, thread.id)
          await expect(write(context.store, turn.job.id, FENCE)).rejects.toThrow(LeaseLostError)
          expect(await context.store.getJob(ALICE, turn.job.id)).toBeNull()
        })

        it('silently ignores the write to a terminal job', async () => {
          const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
          await context.store.finishJob(ALICE, turn.job.id, { status: 'aborted', lastSeq: 2 }, FENCE)
          const finished = await context.store.getJob(ALICE, turn.job.id)
          const messages = await context.store.listMessages(ALICE, thread.id)
          const events = await context.store.listUserEvents(ALICE, 0, 100)
          context.advanceClock(10)
          await write(context.store, turn.job.id, FENCE)
          await write(context.store, turn.job.id, { owner: 'instance-b' })
          expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(finished)
          expect(await context.store.listMessages(ALICE, thread.id)).toEqual(messages)
          expect(await context.store.listUserEvents(ALICE, 0, 100)).toEqual(events)
        })
      })
    }
  })
}
