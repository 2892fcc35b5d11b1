// Contract: searchThreads — a case-insensitive literal substring over thread titles and message text
// (no pattern syntax: `%`, `_`, `*` and backslashes match themselves), newest first, capped at `limit`,
// each result with its active job like listThreads.
import { describe, expect, it } from 'vitest'
import { ALICE, createThreadWithHeldTurn, FENCE, START_TIME, type StoreContractContext } from './store-contract-context'

/** Declares the thread search tests of the store contract. */
export function describeSearchContract(context: StoreContractContext): void {
  describe('thread search', () => {
    it('finds threads by title or by any message text, case-insensitively, newest first', async () => {
      const byTitle = await context.store.createThread(ALICE, { title: 'Lisbon TRIP' })
      context.advanceClock(10)
      const byQuestion = await createThreadWithHeldTurn(context.store, ALICE, 'Plans?\nA trip to Porto')
      context.advanceClock(10)
      const byAnswer = await createThreadWithHeldTurn(context.store, ALICE, 'Where should I go?')
      await context.store.appendJobContent(ALICE, byAnswer.turn.job.id, { text: 'Take a Trip north.', chunks: 1, lastSeq: 1 }, FENCE)
      await context.store.finishJob(ALICE, byAnswer.turn.job.id, { status: 'complete', lastSeq: 1 }, FENCE)
      await context.store.createThread(ALICE, { title: 'Unrelated' })
      const found = await context.store.searchThreads(ALICE, 'tRiP', 10)
      expect(found.map(thread => thread.id)).toEqual([byAnswer.thread.id, byQuestion.thread.id, byTitle.id])
      expect(found[1]).toEqual({ ...(await context.store.listThreads(ALICE)).find(thread => thread.id === byQuestion.thread.id) })
      expect(found[1]?.activeJobId).toBe(byQuestion.turn.job.id)
      expect(found[0]?.activeJobId).toBeNull()
      expect(found[2]).toEqual({ ...byTitle, activeJobId: null, updatedAt: START_TIME })
    })

    it('stops at the limit and answers nothing for a query found nowhere', async () => {
      for (const title of ['note 1', 'note 2', 'note 3']) {
        await context.store.createThread(ALICE, { title })
        context.advanceClock(1)
      }
      expect((await context.store.searchThreads(ALICE, 'note', 2)).map(thread => thread.title)).toEqual(['note 3', 'note 2'])
      expect(await context.store.searchThreads(ALICE, 'absent', 10)).toEqual([])
    })

    it('treats %, _, * and backslashes literally', async () => {
      const percent = await context.store.createThread(ALICE, { title: 'Growth of 50% a year' })
      const underscore = await context.store.createThread(ALICE, { title: 'rename my_var' })
      const backslash = await context.store.createThread(ALICE, { title: 'C:\\temp\\x' })
      await context.store.createThread(ALICE, { title: 'Growth of 500 a year, myXvar, C:/temp' })
      const ids = async (query: string) => (await context.store.searchThreads(ALICE, query, 10)).map(thread => thread.id)
      expect(await ids('50%')).toEqual([percent.id])
      expect(await ids('%')).toEqual([percent.id])
      expect(await ids('y_v')).toEqual([underscore.id])
      expect(await ids('\\temp')).toEqual([backslash.id])
      expect(await ids('*')).toEqual([])
    })

    it('finds a thread only once when several of its messages match', async () => {
      const { thread } = await createThreadWithHeldTurn(context.store, ALICE, 'apple pie')
      await context.store.createTurn(ALICE, { threadId: thread.id, content: 'more apple', model: 'm', isDemo: false })
      expect((await context.store.searchThreads(ALICE, 'apple', 10)).map(found => found.id)).toEqual([thread.id])
    })
  })
}
