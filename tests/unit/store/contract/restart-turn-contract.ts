// Contract: regenerate in place and edit-and-resend. Both delete every later message with its job
// (and those jobs' child jobs), refuse with TurnBusyError while any job of the thread is queued or
// streaming, and answer null for a message that is not the user's message of the right role.
import { describe, expect, it } from 'vitest'
import { TooManyActiveJobsError, TurnBusyError, type Store } from '../../../../server/core/store/ports'
import {
  ALICE, createThreadWithHeldTurn, FENCE, holdJob, makeToolCall, START_TIME, UUID_PATTERN, type StoreContractContext,
} from './store-contract-context'

const usage = { promptTokens: 3, completionTokens: 4, cachedTokens: 0, reasoningTokens: 0 }

/** A thread with two finished turns; the first answer has text, a tool call, usage and a finished child job. */
async function threadWithTwoFinishedTurns(store: Store) {
  const { thread, turn: first } = await createThreadWithHeldTurn(store, ALICE, 'First question')
  await store.markJobStreaming(ALICE, first.job.id, FENCE)
  await store.appendJobContent(ALICE, first.job.id, { text: 'First answer', chunks: 1, lastSeq: 2 }, FENCE)
  await store.appendToolCall(ALICE, first.job.id, makeToolCall('call_1', { status: 'completed', result: 2 }), FENCE)
  await store.updateJobMetadata(ALICE, first.job.id, { usage }, FENCE)
  await store.finishJob(ALICE, first.job.id, { status: 'error', error: 'cut off', lastSeq: 3 }, FENCE)
  const second = await store.createTurn(ALICE, { threadId: thread.id, content: 'Second question', model: 'test-model', isDemo: false })
  const child = await store.createJob(ALICE, { kind: 'subagent', threadId: thread.id, parentJobId: second!.job.id, model: 'm', isDemo: false })
  const grandchild = await store.createJob(ALICE, { kind: 'subagent', parentJobId: child!.id, model: 'm', isDemo: false })
  for (const job of [child!, grandchild!, second!.job]) {
    await holdJob(store, job.id)
    await store.finishJob(ALICE, job.id, { status: 'complete', lastSeq: 1 }, FENCE)
  }
  return { thread, first, second: second!, child: child!, grandchild: grandchild! }
}

/** Declares the regenerate and edit tests of the store contract. */
export function describeRestartTurnContract(context: StoreContractContext): void {
  describe('regenerate and edit', () => {
    it('regenerates in place: same message reset, a new queued chat job, later turns and old jobs deleted', async () => {
      const { thread, first, second, child, grandchild } = await threadWithTwoFinishedTurns(context.store)
      context.advanceClock(100)
      const now = START_TIME + 100
      const restarted = await context.store.regenerateTurn(ALICE, first.assistantMessage.id, { model: 'm-new', isDemo: true })
      expect(restarted?.userMessage).toEqual(first.userMessage)
      expect(restarted?.assistantMessage).toEqual({
        ...first.assistantMessage, content: '', status: 'queued', error: null, toolCalls: [], usage: null,
        model: 'm-new', isDemo: true, jobId: restarted?.job.id,
      })
      expect(restarted?.job).toMatchObject({
        id: expect.stringMatching(UUID_PATTERN), threadId: thread.id, messageId: first.assistantMessage.id, parentJobId: null,
        kind: 'chat', status: 'queued', model: 'm-new', isDemo: true, content: '', createdAt: now, attempts: 0,
      })
      expect(restarted?.job.id).not.toBe(first.job.id)
      expect(await context.store.getJob(ALICE, restarted!.job.id)).toEqual(restarted!.job)
      expect(await context.store.listMessages(ALICE, thread.id)).toEqual([restarted!.userMessage, restarted!.assistantMessage])
      for (const id of [first.job.id, second.job.id, child.id, grandchild.id]) expect(await context.store.getJob(ALICE, id)).toBeNull()
      expect((await context.store.listJobs(ALICE)).map(job => job.id)).toEqual([restarted!.job.id])
      expect((await context.store.listThreads(ALICE))[0]?.activeJobId).toBe(restarted!.job.id)
    })

    it('edits and resends: new content, later messages and their jobs deleted, a new assistant message and job', async () => {
      const { thread, first, second, child } = await threadWithTwoFinishedTurns(context.store)
      context.advanceClock(100)
      const edited = await context.store.editTurn(ALICE, second.userMessage.id, { content: 'Second, rephrased', model: 'm-2', isDemo: false })
      expect(edited?.userMessage).toEqual({ ...second.userMessage, content: 'Second, rephrased' })
      expect(edited?.assistantMessage).toMatchObject({
        id: expect.stringMatching(UUID_PATTERN), role: 'assistant', content: '', status: 'queued', model: 'm-2', jobId: edited?.job.id,
        createdAt: START_TIME + 100,
      })
      expect(edited?.assistantMessage.id).not.toBe(second.assistantMessage.id)
      expect(edited?.job).toMatchObject({ kind: 'chat', status: 'queued', messageId: edited?.assistantMessage.id, parentJobId: null })
      const messages = await context.store.listMessages(ALICE, thread.id)
      expect(messages.map(message => message.id)).toEqual([
        first.userMessage.id, first.assistantMessage.id, second.userMessage.id, edited!.assistantMessage.id,
      ])
      expect(messages[1]).toMatchObject({ content: 'First answer', status: 'error' })
      expect(messages[2]?.content).toBe('Second, rephrased')
      expect(await context.store.getJob(ALICE, second.job.id)).toBeNull()
      expect(await context.store.getJob(ALICE, child.id)).toBeNull()
      expect((await context.store.listJobs(ALICE)).map(job => job.id)).toEqual([edited!.job.id, first.job.id])
    })

    it('edits the first message of a thread, dropping every answer', async () => {
      const { thread, first } = await threadWithTwoFinishedTurns(context.store)
      const edited = await context.store.editTurn(ALICE, first.userMessage.id, { content: 'Start over', model: 'm', isDemo: false })
      expect((await context.store.listMessages(ALICE, thread.id)).map(message => message.id))
        .toEqual([first.userMessage.id, edited!.assistantMessage.id])
      expect((await context.store.listJobs(ALICE)).map(job => job.id)).toEqual([edited!.job.id])
    })

    it('refuses with TurnBusyError while any job of the thread is queued or streaming, writing nothing', async () => {
      const { thread, first, second } = await threadWithTwoFinishedTurns(context.store)
      const running = await context.store.createJob(ALICE, { kind: 'subagent', threadId: thread.id, model: 'm', isDemo: false })
      const jobs = await context.store.listJobs(ALICE)
      const messages = await context.store.listMessages(ALICE, thread.id)
      const busyRegenerate = context.store.regenerateTurn(ALICE, first.assistantMessage.id, { model: 'm', isDemo: false })
      await expect(busyRegenerate).rejects.toThrow(TurnBusyError)
      await expect(busyRegenerate).rejects.toMatchObject({ name: 'TurnBusyError' })
      await expect(context.store.editTurn(ALICE, second.userMessage.id, { content: 'x', model: 'm', isDemo: false })).rejects.toThrow(TurnBusyError)
      expect(await context.store.listJobs(ALICE)).toEqual(jobs)
      expect(await context.store.listMessages(ALICE, thread.id)).toEqual(messages)
      await holdJob(context.store, running!.id)
      await context.store.finishJob(ALICE, running!.id, { status: 'complete', lastSeq: 0 }, FENCE)
      expect(await context.store.regenerateTurn(ALICE, second.assistantMessage.id, { model: 'm', isDemo: false })).not.toBeNull()
    })

    it('applies admission like createTurn', async () => {
      const { first } = await threadWithTwoFinishedTurns(context.store)
      await context.store.createJob(ALICE, { kind: 'workflow', model: 'm', isDemo: false })
      await expect(context.store.regenerateTurn(ALICE, first.assistantMessage.id, { model: 'm', isDemo: false, maxActiveJobsPerUser: 1 }))
        .rejects.toThrow(TooManyActiveJobsError)
      await expect(context.store.editTurn(ALICE, first.userMessage.id, { content: 'x', model: 'm', isDemo: false, maxActiveJobsPerUser: 1 }))
        .rejects.toThrow(TooManyActiveJobsError)
      expect(await context.store.getJob(ALICE, first.job.id)).toMatchObject({ status: 'error' })
    })

    it('answers null for a message of the wrong role or an unknown message', async () => {
      const { first } = await threadWithTwoFinishedTurns(context.store)
      expect(await context.store.regenerateTurn(ALICE, first.userMessage.id, { model: 'm', isDemo: false })).toBeNull()
      expect(await context.store.editTurn(ALICE, first.assistantMessage.id, { content: 'x', model: 'm', isDemo: false })).toBeNull()
      expect(await context.store.regenerateTurn(ALICE, crypto.randomUUID(), { model: 'm', isDemo: false })).toBeNull()
      expect(await context.store.editTurn(ALICE, crypto.randomUUID(), { content: 'x', model: 'm', isDemo: false })).toBeNull()
      expect(await context.store.getJob(ALICE, first.job.id)).toMatchObject({ status: 'error' })
    })
  })
}
