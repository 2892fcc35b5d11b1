// Contract: trace rows. A write inserts or replaces by id (a finish replaces its start) and JSON comes
// back as JSON; rows of another user's or an unknown job are dropped; listing by thread or job is in
// (turn, startedAt, id) order with keyset pages and a turn filter; traces leave with their job
// (thread deletion, regenerate, job retention) and by their own retention cutoff.
import { describe, expect, it } from 'vitest'
import type { Trace } from '#shared/types/trace'
import { compareTraces, cursorOf } from '../../../../shared/rules/trace-order'
import { makeTrace } from '../../../fixtures/make-trace'
import { ALICE, BOB, createThreadWithTurn, FENCE, holdJob, START_TIME, type StoreContractContext } from './store-contract-context'

/** Declares the trace tests of the store contract. */
export function describeTraceContract(context: StoreContractContext): void {
  describe('traces', () => {
    it('stores JSON as JSON and replaces a started row with its finish', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE)
      const started = makeTrace({
        jobId: turn.job.id, threadId: thread.id, outcome: 'running', finishedAt: null, latencyMs: null, output: null,
        input: { nested: { list: [1, 'two', null], quote: '"x"' } },
      })
      await context.store.writeTraces(ALICE, [started])
      expect(await context.store.listTraces(ALICE, { threadId: thread.id, limit: 10 })).toEqual([started])
      const finished: Trace = {
        ...started, kind: 'llm', name: 'test-model', outcome: 'success', finishedAt: started.startedAt + 900, latencyMs: 900,
        output: { text: 'Hi' }, promptTokens: 1200, completionTokens: 12, cacheReadTokens: 1024, cacheWriteTokens: 100,
        reasoningTokens: 3, costUsd: 0.0021,
        segments: { system: 100, tools: 300, history: 700, input: 100, systemHash: 'aaaa', toolsHash: 'bbbb' },
      }
      await context.store.writeTraces(ALICE, [finished])
      expect(await context.store.listTraces(ALICE, { jobId: turn.job.id, limit: 10 })).toEqual([finished])
    })

    it('drops rows of another user\'s or an unknown job, and never lists another user\'s traces', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.writeTraces(BOB, [makeTrace({ jobId: turn.job.id, threadId: thread.id })])
      await context.store.writeTraces(ALICE, [makeTrace({ jobId: crypto.randomUUID(), threadId: thread.id })])
      expect(await context.store.listTraces(ALICE, { threadId: thread.id, limit: 10 })).toEqual([])
      const mine = makeTrace({ jobId: turn.job.id, threadId: thread.id })
      await context.store.writeTraces(ALICE, [mine])
      await context.store.writeTraces(BOB, [{ ...mine, name: 'overwritten' }])
      expect(await context.store.listTraces(BOB, { threadId: thread.id, limit: 10 })).toEqual([])
      expect(await context.store.listTraces(BOB, { jobId: turn.job.id, limit: 10 })).toEqual([])
      expect(await context.store.listTraces(ALICE, { threadId: thread.id, limit: 10 })).toEqual([mine])
    })

    it('pages in (turn, startedAt, id) order with no row twice or missed, ties included, and filters by turn', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE)
      // 3 turns × 7 rows, with equal start times inside each turn, written out of order.
      const rows = [3, 1, 2].flatMap(turnNumber => Array.from({ length: 7 }, (_, index) => makeTrace({
        jobId: turn.job.id, threadId: thread.id, turn: turnNumber, startedAt: START_TIME + 1000 * (3 - turnNumber) + Math.floor(index / 3),
      })))
      await context.store.writeTraces(ALICE, rows)
      const expected = [...rows].sort(compareTraces)
      const seen: Trace[] = []
      let after = null
      for (let page = 0; page < 10; page++) {
        const traces = await context.store.listTraces(ALICE, { threadId: thread.id, after, limit: 4 })
        seen.push(...traces)
        if (traces.length < 4) break
        after = cursorOf(traces.at(-1)!)
      }
      expect(seen.map(row => row.id)).toEqual(expected.map(row => row.id))
      const second = await context.store.listTraces(ALICE, { threadId: thread.id, turn: 2, limit: 50 })
      expect(second.map(row => row.id)).toEqual(expected.filter(row => row.turn === 2).map(row => row.id))
      const secondAfter = await context.store.listTraces(ALICE, { threadId: thread.id, turn: 2, after: cursorOf(second[2]!), limit: 2 })
      expect(secondAfter.map(row => row.id)).toEqual(second.slice(3, 5).map(row => row.id))
    })

    it('lists one job\'s traces only, a child job\'s included by its own id', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE)
      const child = await context.store.createJob(ALICE, { kind: 'subagent', parentJobId: turn.job.id, model: 'm', isDemo: false })
      const parentRow = makeTrace({ jobId: turn.job.id, threadId: thread.id })
      const childRow = makeTrace({ jobId: child!.id, parentJobId: turn.job.id, threadId: null, turn: 0 })
      await context.store.writeTraces(ALICE, [parentRow, childRow])
      expect(await context.store.listTraces(ALICE, { jobId: child!.id, limit: 10 })).toEqual([childRow])
      expect(await context.store.listTraces(ALICE, { jobId: turn.job.id, limit: 10 })).toEqual([parentRow])
    })

    it('deletes traces with their thread, with a regenerated turn\'s old job, and with retention of finished jobs', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE)
      await context.store.writeTraces(ALICE, [makeTrace({ jobId: turn.job.id, threadId: thread.id })])
      await holdJob(context.store, turn.job.id)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 1 }, FENCE)
      await context.store.regenerateTurn(ALICE, turn.assistantMessage.id, { model: 'm', isDemo: false })
      expect(await context.store.listTraces(ALICE, { threadId: thread.id, limit: 10 })).toEqual([])

      const other = await createThreadWithTurn(context.store, ALICE)
      await context.store.writeTraces(ALICE, [makeTrace({ jobId: other.turn.job.id, threadId: other.thread.id })])
      await context.store.deleteThread(ALICE, other.thread.id)
      expect(await context.store.listTraces(ALICE, { jobId: other.turn.job.id, limit: 10 })).toEqual([])

      const kept = await createThreadWithTurn(context.store, ALICE)
      await context.store.writeTraces(ALICE, [makeTrace({ jobId: kept.turn.job.id, threadId: kept.thread.id })])
      await holdJob(context.store, kept.turn.job.id)
      await context.store.finishJob(ALICE, kept.turn.job.id, { status: 'complete', lastSeq: 1 }, FENCE)
      context.advanceClock(10)
      expect(await context.store.systemDeleteFinishedJobs(Date.now())).toBe(1)
      expect(await context.store.listTraces(ALICE, { threadId: kept.thread.id, limit: 10 })).toEqual([])
    })

    it('keeps a job\'s usage with cache writes and cost, and copies it to the message', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE)
      await holdJob(context.store, turn.job.id)
      const usage = { promptTokens: 4100, completionTokens: 32, cachedTokens: 1800, reasoningTokens: 0, cacheWriteTokens: 1800, costUsd: 0.0053 }
      await context.store.updateJobMetadata(ALICE, turn.job.id, { usage }, FENCE)
      expect((await context.store.getJob(ALICE, turn.job.id))?.usage).toEqual(usage)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'complete', lastSeq: 2 }, FENCE)
      expect((await context.store.listMessages(ALICE, thread.id))[1]?.usage).toEqual(usage)
    })

    it('deletes traces started before the traces\' own cutoff, keeping the job and newer traces', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE)
      const old = makeTrace({ jobId: turn.job.id, threadId: thread.id, startedAt: START_TIME - 5000 })
      const recent = makeTrace({ jobId: turn.job.id, threadId: thread.id, startedAt: START_TIME })
      await context.store.writeTraces(ALICE, [old, recent])
      expect(await context.store.systemDeleteTracesBefore(START_TIME - 1)).toBe(1)
      expect(await context.store.listTraces(ALICE, { threadId: thread.id, limit: 10 })).toEqual([recent])
      expect(await context.store.getJob(ALICE, turn.job.id)).not.toBeNull()
    })
  })
}
