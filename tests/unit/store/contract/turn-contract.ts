// Contract: createTurn (the records it writes, the title it derives) and listMessages (order, and the
// live output of an unfinished job versus the copy a finished job leaves on its message).
import { describe, expect, it } from 'vitest'
import {
  ALICE, createThreadWithHeldTurn, createThreadWithTurn, FENCE, makeToolCall, START_TIME, UUID_PATTERN, type StoreContractContext,
} from './store-contract-context'

const usage = { promptTokens: 12, completionTokens: 34, cachedTokens: 5, reasoningTokens: 0 }

/** Declares the turn and message tests of the store contract. */
export function describeTurnContract(context: StoreContractContext): void {
  describe('turns and messages', () => {
    it('writes the user message, an empty assistant message and a queued job', async () => {
      const thread = await context.store.createThread(ALICE, { title: 'Named' })
      context.advanceClock(100)
      const turn = await context.store.createTurn(ALICE, { threadId: thread.id, content: 'What is 2+2?', model: 'm-1', isDemo: true })
      const now = START_TIME + 100
      const common = { threadId: thread.id, userId: ALICE, attachments: [], error: null, toolCalls: [], usage: null, createdAt: now }
      expect(turn).toEqual({
        userMessage: {
          ...common, id: expect.stringMatching(UUID_PATTERN), role: 'user', content: 'What is 2+2?',
          jobId: null, status: null, model: null, isDemo: false,
        },
        assistantMessage: {
          ...common, id: expect.stringMatching(UUID_PATTERN), role: 'assistant', content: '',
          jobId: turn?.job.id, status: 'queued', model: 'm-1', isDemo: true,
        },
        job: {
          id: expect.stringMatching(UUID_PATTERN), userId: ALICE, threadId: thread.id, messageId: turn?.assistantMessage.id,
          parentJobId: null, kind: 'chat', title: null, input: null, status: 'queued', model: 'm-1', isDemo: true, content: '', chunksReceived: 0, toolCalls: [],
          toolRounds: [], usage: null, error: null, lastSeq: 0, createdAt: now, startedAt: null, finishedAt: null, updatedAt: now,
          attempts: 0, leaseOwner: null, leaseExpiresAt: null, checkpoint: null, abortRequestedAt: null, resultReadAt: null,
        },
      })
      expect(await context.store.getJob(ALICE, turn!.job.id)).toEqual(turn!.job)
      expect(await context.store.listMessages(ALICE, thread.id)).toEqual([turn!.userMessage, turn!.assistantMessage])
      expect(await context.store.getThread(ALICE, thread.id)).toEqual({ ...thread, updatedAt: now })
    })

    it('keeps the given job kind, title and input (a workflow started from chat)', async () => {
      const thread = await context.store.createThread(ALICE, {})
      const input = { topic: 'tides', depth: 2, sources: ['a', 'b'], nested: { flag: true } }
      const turn = await context.store.createTurn(ALICE, {
        threadId: thread.id, content: '/research tides', model: 'm', isDemo: false, kind: 'workflow', title: 'Research', input,
      })
      expect(turn?.job).toMatchObject({ kind: 'workflow', title: 'Research', input, parentJobId: null, messageId: turn?.assistantMessage.id })
      expect(await context.store.getJob(ALICE, turn!.job.id)).toEqual(turn!.job)
    })

    it('answers null for an unknown thread and writes nothing', async () => {
      const turn = await context.store.createTurn(ALICE, { threadId: crypto.randomUUID(), content: 'Hi', model: 'm', isDemo: false })
      expect(turn).toBeNull()
      expect(await context.store.listJobs(ALICE)).toEqual([])
      expect(await context.store.systemListUnfinishedJobs()).toEqual([])
    })

    it('titles a "New chat" thread from the first line of its first message, and only then', async () => {
      const { thread } = await createThreadWithTurn(context.store, ALICE, '  \n  Plan a trip to Lisbon  \nin May, please')
      expect((await context.store.getThread(ALICE, thread.id))?.title).toBe('Plan a trip to Lisbon')
      await context.store.createTurn(ALICE, { threadId: thread.id, content: 'Second question', model: 'm', isDemo: false })
      expect((await context.store.getThread(ALICE, thread.id))?.title).toBe('Plan a trip to Lisbon')
    })

    it('cuts a long derived title to 60 characters ending with "…"', async () => {
      const { thread } = await createThreadWithTurn(context.store, ALICE, 'x'.repeat(100))
      expect((await context.store.getThread(ALICE, thread.id))?.title).toBe(`${'x'.repeat(59)}…`)
      const exact = await createThreadWithTurn(context.store, ALICE, 'y'.repeat(60))
      expect((await context.store.getThread(ALICE, exact.thread.id))?.title).toBe('y'.repeat(60))
    })

    it('derives the title without markdown', async () => {
      const { thread } = await createThreadWithTurn(context.store, ALICE, '## **Plan** a `trip` to [Lisbon](https://x.example)\nmore')
      expect((await context.store.getThread(ALICE, thread.id))?.title).toBe('Plan a trip to Lisbon')
    })

    it('keeps a title the user gave, and keeps "New chat" for a message without visible text', async () => {
      const named = await context.store.createThread(ALICE, { title: 'My title' })
      await context.store.createTurn(ALICE, { threadId: named.id, content: 'Hello', model: 'm', isDemo: false })
      expect((await context.store.getThread(ALICE, named.id))?.title).toBe('My title')
      const { thread } = await createThreadWithTurn(context.store, ALICE, ' \n\t ')
      expect((await context.store.getThread(ALICE, thread.id))?.title).toBe('New chat')
    })

    it('lists messages oldest first, keeping insertion order within the same millisecond', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE, 'one')
      const second = await context.store.createTurn(ALICE, { threadId: thread.id, content: 'two', model: 'm', isDemo: false })
      context.advanceClock(10)
      const third = await context.store.createTurn(ALICE, { threadId: thread.id, content: 'three', model: 'm', isDemo: false })
      const listed = await context.store.listMessages(ALICE, thread.id)
      expect(listed.map(message => message.id)).toEqual([
        turn.userMessage.id, turn.assistantMessage.id,
        second!.userMessage.id, second!.assistantMessage.id,
        third!.userMessage.id, third!.assistantMessage.id,
      ])
    })

    it('shows the live output of an unfinished job on its assistant message', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'Partial ', chunks: 2, lastSeq: 3 }, FENCE)
      await context.store.appendToolCall(ALICE, turn.job.id, makeToolCall('call_1'), FENCE)
      await context.store.updateJobMetadata(ALICE, turn.job.id, { usage }, FENCE)
      const assistant = (await context.store.listMessages(ALICE, thread.id))[1]
      expect(assistant).toEqual({
        ...turn.assistantMessage, content: 'Partial ', status: 'streaming', toolCalls: [makeToolCall('call_1')], usage, error: null,
      })
    })

    it('copies the finished output onto the message, where it outlives the job', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      await context.store.appendJobContent(ALICE, turn.job.id, { text: 'Done.', chunks: 1, lastSeq: 1 }, FENCE)
      await context.store.appendToolCall(ALICE, turn.job.id, makeToolCall('call_1', { status: 'completed', result: 2 }), FENCE)
      await context.store.updateJobMetadata(ALICE, turn.job.id, { usage }, FENCE)
      await context.store.finishJob(ALICE, turn.job.id, { status: 'error', error: 'model went away', lastSeq: 2 }, FENCE)
      const finished = {
        ...turn.assistantMessage, content: 'Done.', status: 'error', error: 'model went away', usage,
        toolCalls: [makeToolCall('call_1', { status: 'completed', result: 2 })],
      }
      expect((await context.store.listMessages(ALICE, thread.id))[1]).toEqual(finished)
      context.advanceClock(10)
      expect(await context.store.systemDeleteFinishedJobs(Date.now())).toBe(1)
      expect(await context.store.getJob(ALICE, turn.job.id)).toBeNull()
      expect(await context.store.listMessages(ALICE, thread.id)).toEqual([turn.userMessage, finished])
    })
  })
}
