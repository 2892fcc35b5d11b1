// Contract: stopping a job from any instance. requestJobAbort finishes a job nobody holds at once
// (aborted, lastSeq moved up by SEQ_EPOCH_GAP, the message updated, a feed event), records the request
// on a held job for its owner's heartbeat (renewJobLeases reports it), and reports terminal and
// unknown jobs. finishJob clears the request.
import { describe, expect, it } from 'vitest'
import { SEQ_EPOCH_GAP } from '../../../../shared/rules/job-seq-rules'
import {
  ALICE, createThreadWithHeldTurn, createThreadWithTurn, FENCE, HELD_LEASE_MS, OWNER, START_TIME, type StoreContractContext,
} from './store-contract-context'

/** Declares the abort-request tests of the store contract. */
export function describeAbortContract(context: StoreContractContext): void {
  describe('abort requests', () => {
    it('finishes a job nobody ever claimed at once: aborted, lastSeq + SEQ_EPOCH_GAP, message and thread updated', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE)
      context.advanceClock(100)
      const now = Date.now()
      expect(await context.store.requestJobAbort(ALICE, turn.job.id, now)).toBe('finished')
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({
        ...turn.job, status: 'aborted', finishedAt: now, updatedAt: now, lastSeq: turn.job.lastSeq + SEQ_EPOCH_GAP,
        abortRequestedAt: null, leaseOwner: null, leaseExpiresAt: null,
      })
      expect((await context.store.listMessages(ALICE, thread.id))[1]).toEqual({ ...turn.assistantMessage, status: 'aborted' })
      expect((await context.store.getThread(ALICE, thread.id))?.updatedAt).toBe(now)
      const events = await context.store.listUserEvents(ALICE, 0, 100)
      expect(events.at(-1)).toMatchObject({ type: 'job', at: now, job: { id: turn.job.id, status: 'aborted' } })
      expect(await context.store.requestJobAbort(ALICE, turn.job.id, now + 1)).toBe('terminal')
    })

    it('finishes a job whose owner\'s lease expired, keeping its text and copying it to the message', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'Half an answer', chunks: 2, lastSeq: 7 }, FENCE)
      const now = START_TIME + HELD_LEASE_MS + 1
      context.advanceClock(HELD_LEASE_MS + 1)
      expect(await context.store.requestJobAbort(ALICE, turn.job.id, now)).toBe('finished')
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({
        status: 'aborted', content: 'Half an answer', lastSeq: 7 + SEQ_EPOCH_GAP, finishedAt: now, leaseOwner: null, abortRequestedAt: null,
      })
      expect((await context.store.listMessages(ALICE, thread.id))[1]).toMatchObject({ status: 'aborted', content: 'Half an answer' })
      expect(await context.store.renewJobLeases(OWNER, [turn.job.id], now + HELD_LEASE_MS)).toEqual({ lost: [turn.job.id], abortRequested: [] })
    })

    it('records the request on a held job; the owner\'s heartbeat reports it and finishJob clears it', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      const streaming = await context.store.getJob(ALICE, turn.job.id)
      context.advanceClock(500)
      const now = Date.now()
      expect(await context.store.requestJobAbort(ALICE, turn.job.id, now)).toBe('requested')
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual({ ...streaming, abortRequestedAt: now })
      expect((await context.store.listMessages(ALICE, thread.id))[1]?.status).toBe('streaming')

      const renewal = await context.store.renewJobLeases(OWNER, [turn.job.id], now + HELD_LEASE_MS)
      expect(renewal).toEqual({ lost: [], abortRequested: [turn.job.id] })
      expect((await context.store.getJob(ALICE, turn.job.id))?.leaseExpiresAt).toBe(now + HELD_LEASE_MS)

      await context.store.finishJob(ALICE, turn.job.id, { status: 'aborted', lastSeq: 4 }, FENCE)
      expect(await context.store.getJob(ALICE, turn.job.id)).toMatchObject({ status: 'aborted', abortRequestedAt: null, lastSeq: 4 })
    })

    it('answers terminal for a finished job and not_found for an unknown one, changing nothing', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 3 }, FENCE)
      const finished = await context.store.getJob(ALICE, turn.job.id)
      const events = await context.store.listUserEvents(ALICE, 0, 100)
      expect(await context.store.requestJobAbort(ALICE, turn.job.id, START_TIME)).toBe('terminal')
      expect(await context.store.requestJobAbort(ALICE, crypto.randomUUID(), START_TIME)).toBe('not_found')
      expect(await context.store.getJob(ALICE, turn.job.id)).toEqual(finished)
      expect(await context.store.listUserEvents(ALICE, 0, 100)).toEqual(events)
    })

    it('finishes a job without a message (a child job) the same way', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      const child = await context.store.createJob(ALICE, { kind: 'subagent', parentJobId: turn.job.id, title: 'Look up', model: 'm', isDemo: false })
      expect(await context.store.requestJobAbort(ALICE, child!.id, START_TIME)).toBe('finished')
      expect(await context.store.getJob(ALICE, child!.id)).toMatchObject({ status: 'aborted', lastSeq: SEQ_EPOCH_GAP, messageId: null })
      expect((await context.store.getJob(ALICE, turn.job.id))?.status).toBe('queued')
    })
  })
}
