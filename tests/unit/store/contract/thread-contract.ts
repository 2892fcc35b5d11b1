// Contract: creating, reading, listing, updating and deleting threads (deletion cascades to messages
// and jobs). Per-user isolation has its own file.
import { describe, expect, it } from 'vitest'
import {
  ALICE, createThreadWithHeldTurn, createThreadWithTurn, FENCE, START_TIME, UUID_PATTERN, type StoreContractContext,
} from './store-contract-context'

/** Declares the thread tests of the store contract. */
export function describeThreadContract(context: StoreContractContext): void {
  describe('threads', () => {
    it('creates a thread titled "New chat" with no tool choices and no model by default', async () => {
      const thread = await context.store.createThread(ALICE, {})
      expect(thread).toEqual({
        id: expect.stringMatching(UUID_PATTERN), userId: ALICE, title: 'New chat', disabledTools: [], enabledTools: [],
        model: null, createdAt: START_TIME, updatedAt: START_TIME,
      })
      expect(await context.store.getThread(ALICE, thread.id)).toEqual(thread)
    })

    it('creates a thread with the given title and a fresh id each time', async () => {
      const first = await context.store.createThread(ALICE, { title: 'Trip planning' })
      const second = await context.store.createThread(ALICE, { title: 'Trip planning' })
      expect(first.title).toBe('Trip planning')
      expect(second.id).not.toBe(first.id)
    })

    it('answers null for an unknown thread id', async () => {
      expect(await context.store.getThread(ALICE, crypto.randomUUID())).toBeNull()
    })

    it('returns copies: changing a returned thread changes nothing stored', async () => {
      const thread = await context.store.createThread(ALICE, {})
      thread.title = 'changed by the caller'
      thread.disabledTools.push('calculator')
      const read = await context.store.getThread(ALICE, thread.id)
      expect(read?.title).toBe('New chat')
      expect(read?.disabledTools).toEqual([])
    })

    it('lists threads newest updatedAt first, and newest-created first within the same millisecond', async () => {
      const first = await context.store.createThread(ALICE, { title: 'first' })
      const second = await context.store.createThread(ALICE, { title: 'second' })
      context.advanceClock(1000)
      const third = await context.store.createThread(ALICE, { title: 'third' })
      const listed = await context.store.listThreads(ALICE)
      expect(listed.map(thread => thread.id)).toEqual([third.id, second.id, first.id])
      expect(listed[0]).toEqual({ ...third, activeJobId: null })
      context.advanceClock(1000)
      await context.store.updateThread(ALICE, first.id, { title: 'first, renamed' })
      expect((await context.store.listThreads(ALICE)).map(thread => thread.id)).toEqual([first.id, third.id, second.id])
    })

    it('updates only the given fields and touches updatedAt', async () => {
      const thread = await context.store.createThread(ALICE, { title: 'Before' })
      context.advanceClock(500)
      const renamed = await context.store.updateThread(ALICE, thread.id, { title: 'After' })
      expect(renamed).toEqual({ ...thread, title: 'After', updatedAt: START_TIME + 500 })
      context.advanceClock(500)
      const withTools = await context.store.updateThread(ALICE, thread.id, { disabledTools: ['web_search', 'calculator'] })
      expect(withTools).toEqual({ ...thread, title: 'After', disabledTools: ['web_search', 'calculator'], updatedAt: START_TIME + 1000 })
      expect(await context.store.getThread(ALICE, thread.id)).toEqual(withTools)
    })

    it('patches enabledTools and model, and sets the model back to null', async () => {
      const thread = await context.store.createThread(ALICE, { title: 'Tools' })
      context.advanceClock(10)
      const enabled = await context.store.updateThread(ALICE, thread.id, { enabledTools: ['web_fetch'], model: 'openai/gpt-x' })
      expect(enabled).toEqual({ ...thread, enabledTools: ['web_fetch'], model: 'openai/gpt-x', updatedAt: START_TIME + 10 })
      expect(await context.store.getThread(ALICE, thread.id)).toEqual(enabled)
      const renamed = await context.store.updateThread(ALICE, thread.id, { title: 'Renamed' })
      expect(renamed).toEqual({ ...enabled, title: 'Renamed' })
      const cleared = await context.store.updateThread(ALICE, thread.id, { enabledTools: [], model: null, disabledTools: ['calculator'] })
      expect(cleared).toEqual({ ...thread, title: 'Renamed', disabledTools: ['calculator'], updatedAt: START_TIME + 10 })
      expect(await context.store.getThread(ALICE, thread.id)).toEqual(cleared)
      expect((await context.store.listThreads(ALICE))[0]).toEqual({ ...cleared, activeJobId: null })
    })

    it('answers null when updating an unknown thread', async () => {
      expect(await context.store.updateThread(ALICE, crypto.randomUUID(), { title: 'x' })).toBeNull()
    })

    it('deletes a thread once: true, then false', async () => {
      const kept = await context.store.createThread(ALICE, { title: 'kept' })
      const thread = await context.store.createThread(ALICE, {})
      expect(await context.store.deleteThread(ALICE, thread.id)).toBe(true)
      expect(await context.store.getThread(ALICE, thread.id)).toBeNull()
      expect(await context.store.deleteThread(ALICE, thread.id)).toBe(false)
      expect((await context.store.listThreads(ALICE)).map(listed => listed.id)).toEqual([kept.id])
    })

    it('deletes the messages and jobs of a deleted thread', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      const other = await createThreadWithTurn(context.store, ALICE, 'Another thread')
      await context.store.markJobStreaming(ALICE, turn.job.id, FENCE)
      expect(await context.store.deleteThread(ALICE, thread.id)).toBe(true)
      expect(await context.store.listMessages(ALICE, thread.id)).toEqual([])
      expect(await context.store.getJob(ALICE, turn.job.id)).toBeNull()
      expect((await context.store.listJobs(ALICE)).map(job => job.id)).toEqual([other.turn.job.id])
      expect((await context.store.systemListUnfinishedJobs()).map(job => job.id)).toEqual([other.turn.job.id])
      expect(await context.store.listMessages(ALICE, other.thread.id)).toHaveLength(2)
    })
  })
}
