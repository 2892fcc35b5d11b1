// Contract: reading a job's progress after a cursor (what a follower on another instance asks every
// time): nothing new, the text stored after a seq, the tool calls changed after it, status/error/usage,
// the resync flag after a rewind (and the cursor that serves again), a reader that follows to the end
// getting the exact content, null for another user's job, and watchJobProgress delivering from its cursor.
import { describe, expect, it } from 'vitest'
import type { Job } from '#shared/types/job'
import type { JobProgress } from '#shared/types/job-progress'
import { cursorAfterResync } from '#shared/rules/job-progress-rules'
import type { Store } from '../../../../server/core/store/ports'
import {
  ALICE, BOB, createThreadWithHeldTurn, FENCE, makeToolCall, OWNER, START_TIME, type StoreContractContext,
} from './store-contract-context'

const usage = { promptTokens: 4, completionTokens: 5, cachedTokens: 0, reasoningTokens: 0 }

/** A reader that follows progress the way the follower does: append chunks, resync with a whole job when told. */
function progressReader(store: Store, job: Job) {
  let content = job.content
  let cursor = job.lastSeq
  let resyncs = 0
  return {
    get content() { return content },
    get resyncs() { return resyncs },
    async read(): Promise<JobProgress> {
      const progress = await store.getJobProgress(job.userId, job.id, cursor)
      if (!progress) throw new Error('The job vanished.')
      if (progress.resync) {
        const whole = await store.getJob(job.userId, job.id)
        content = whole!.content
        cursor = cursorAfterResync(whole!.lastSeq, progress.cursor)
        resyncs += 1
      }
      else {
        content += progress.chunks.map(chunk => chunk.text).join('')
        cursor = progress.cursor
      }
      return progress
    },
  }
}

/** Declares the progress-since-seq tests of the store contract. */
export function describeProgressContract(context: StoreContractContext): void {
  describe('progress since a seq', () => {
    it('answers null for an unknown or another user\'s job', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      expect(await context.store.getJobProgress(BOB, turn.job.id, 0)).toBeNull()
      expect(await context.store.getJobProgress(ALICE, crypto.randomUUID(), 0)).toBeNull()
    })

    it('has nothing new for a cursor at the job\'s lastSeq', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      expect(await context.store.getJobProgress(ALICE, turn.job.id, 0)).toEqual({
        status: 'queued', error: null, usage: null, lastSeq: 0, cursor: 0, resync: false, chunks: [], toolCalls: [],
      })
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'Hello', chunks: 2, lastSeq: 2 }, FENCE)
      expect(await context.store.getJobProgress(ALICE, turn.job.id, 2)).toMatchObject({ lastSeq: 2, cursor: 2, chunks: [], toolCalls: [] })
    })

    it('returns only the text stored after the cursor, with the seq of each chunk', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      for (const [index, text] of ['One. ', 'Two. ', 'Three.'].entries()) {
        await context.store.appendJobContent(ALICE, turn.job.id, { text, chunks: 1, lastSeq: (index + 1) * 2 }, FENCE)
      }
      const progress = await context.store.getJobProgress(ALICE, turn.job.id, 2)
      expect(progress).toMatchObject({ lastSeq: 6, cursor: 6, resync: false, chunks: [{ text: 'Two. ', lastSeq: 4 }, { text: 'Three.', lastSeq: 6 }] })
      expect((await context.store.getJobProgress(ALICE, turn.job.id, 5))?.chunks).toEqual([{ text: 'Three.', lastSeq: 6 }])
    })

    it('returns the tool calls changed after the cursor, in their current state and first-write order', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      const pending = ['call_a', 'call_b'].map(id => makeToolCall(id, { status: 'pending' }))
      await context.store.upsertToolCalls(ALICE, turn.job.id, { toolCalls: pending, seq: 3 }, FENCE)
      const bRunning = makeToolCall('call_b', { status: 'running' })
      await context.store.upsertToolCalls(ALICE, turn.job.id, { toolCalls: [bRunning], seq: 5 }, FENCE)
      expect(await context.store.getJobProgress(ALICE, turn.job.id, 3)).toMatchObject({ toolCalls: [bRunning], cursor: 5, lastSeq: 5 })
      expect((await context.store.getJobProgress(ALICE, turn.job.id, 0))?.toolCalls).toEqual([pending[0], bRunning])
      expect((await context.store.getJobProgress(ALICE, turn.job.id, 5))?.toolCalls).toEqual([])
    })

    it('carries status, usage and error', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      await context.store.updateJobMetadata(ALICE, turn.job.id, { usage }, FENCE)
      expect(await context.store.getJobProgress(ALICE, turn.job.id, 0)).toMatchObject({ status: 'streaming', usage, error: null })
      await context.store.finishJob(ALICE, turn.job.id, { status: 'error', error: 'The model failed.', lastSeq: 9 }, FENCE)
      expect(await context.store.getJobProgress(ALICE, turn.job.id, 0)).toMatchObject({
        status: 'error', error: 'The model failed.', usage, lastSeq: 9, cursor: 9,
      })
    })

    it('flags a cursor from before a rewind for a resync, and serves the cursor that follows it', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'Kept. ', chunks: 1, lastSeq: 1 }, FENCE)
      await context.store.saveCheckpoint(ALICE, turn.job.id, { contentLength: 6, completedToolCallIds: [], state: null, savedAt: START_TIME }, FENCE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'Dropped.', chunks: 1, lastSeq: 2 }, FENCE)
      const reader = progressReader(context.store, (await context.store.getJob(ALICE, turn.job.id))!)
      await context.store.rewindJobToCheckpoint(turn.job.id, OWNER)
      const stale = await context.store.getJobProgress(ALICE, turn.job.id, 2)
      expect(stale).toMatchObject({ resync: true, chunks: [], toolCalls: [], status: 'streaming' })
      await reader.read()
      expect(reader.content).toBe('Kept. ')
      expect(reader.resyncs).toBe(1)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'Again.', chunks: 1, lastSeq: 10_003 }, FENCE)
      const fresh = await reader.read()
      expect(fresh).toMatchObject({ resync: false, chunks: [{ text: 'Again.', lastSeq: 10_003 }] })
      expect(reader.content).toBe('Kept. Again.')
      expect(reader.resyncs).toBe(1)
    })

    it('lets a reader that follows to the end hold exactly the job\'s content', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      const reader = progressReader(context.store, (await context.store.getJob(ALICE, turn.job.id))!)
      for (let index = 1; index <= 30; index += 1) {
        await context.store.appendJobContent(ALICE, turn.job.id, { text: `w${index} `, chunks: 1, lastSeq: index }, FENCE)
        if (index % 4 === 0) await reader.read()
      }
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 31 }, FENCE)
      const last = await reader.read()
      expect(last.status).toBe('complete')
      expect(reader.content).toBe((await context.store.getJob(ALICE, turn.job.id))!.content)
    })

    it('watches from its cursor, delivering each change, until stopped', async () => {
      const { turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'Before. ', chunks: 1, lastSeq: 1 }, FENCE)
      const seen: string[] = []
      const stop = context.store.watchJobProgress({
        userId: ALICE, jobId: turn.job.id, afterSeq: 1, pollIntervalMs: 2,
        onProgress: (progress) => { seen.push(...(progress?.chunks.map(chunk => chunk.text) ?? [])) },
      })
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'After.', chunks: 1, lastSeq: 2 }, FENCE)
      for (let tick = 0; tick < 500 && seen.length === 0; tick += 1) await new Promise(resolve => setTimeout(resolve, 2))
      stop()
      expect(seen).toEqual(['After.'])
    })
  })
}
