// Contract: the workflow result cache. A stored result reads back equal (objects, text, null), a later
// put replaces it, an unknown key is null, each user sees only their own results, and the retention
// delete removes every user's results stored before its cutoff and nothing newer.
import { describe, expect, it } from 'vitest'
import { ALICE, BOB, type StoreContractContext } from './store-contract-context'

/** Declares the workflow result tests of the store contract. */
export function describeWorkflowResultContract(context: StoreContractContext): void {
  describe('workflow results', () => {
    it('reads back what was stored, including null, and null for an unknown key', async () => {
      await context.store.putWorkflowResult(ALICE, 'k1', { questions: ['a', 'b'], depth: 2 })
      await context.store.putWorkflowResult(ALICE, 'k2', 'plain text')
      await context.store.putWorkflowResult(ALICE, 'k3', null)
      expect(await context.store.getWorkflowResult(ALICE, 'k1')).toEqual({ value: { questions: ['a', 'b'], depth: 2 } })
      expect(await context.store.getWorkflowResult(ALICE, 'k2')).toEqual({ value: 'plain text' })
      expect(await context.store.getWorkflowResult(ALICE, 'k3')).toEqual({ value: null })
      expect(await context.store.getWorkflowResult(ALICE, 'missing')).toBeNull()
    })

    it('replaces a result stored again under the same key', async () => {
      await context.store.putWorkflowResult(ALICE, 'k', 'first')
      await context.store.putWorkflowResult(ALICE, 'k', 'second')
      expect(await context.store.getWorkflowResult(ALICE, 'k')).toEqual({ value: 'second' })
    })

    it('deletes the results stored before the cutoff, every user\'s, and keeps the newer ones', async () => {
      await context.store.putWorkflowResult(ALICE, 'old', 'alice old')
      await context.store.putWorkflowResult(BOB, 'old', 'bob old')
      context.advanceClock(1000)
      const cutoff = Date.now()
      context.advanceClock(1000)
      await context.store.putWorkflowResult(ALICE, 'new', 'alice new')
      // A result stored again after the cutoff counts from its new time.
      await context.store.putWorkflowResult(BOB, 'old', 'bob stored again')
      expect(await context.store.systemDeleteWorkflowResultsBefore(cutoff)).toBe(1)
      expect(await context.store.getWorkflowResult(ALICE, 'old')).toBeNull()
      expect(await context.store.getWorkflowResult(ALICE, 'new')).toEqual({ value: 'alice new' })
      expect(await context.store.getWorkflowResult(BOB, 'old')).toEqual({ value: 'bob stored again' })
      expect(await context.store.systemDeleteWorkflowResultsBefore(cutoff)).toBe(0)
    })

    it('keeps each user\'s results to that user', async () => {
      await context.store.putWorkflowResult(ALICE, 'shared-key', 'alice result')
      expect(await context.store.getWorkflowResult(BOB, 'shared-key')).toBeNull()
      await context.store.putWorkflowResult(BOB, 'shared-key', 'bob result')
      expect(await context.store.getWorkflowResult(ALICE, 'shared-key')).toEqual({ value: 'alice result' })
    })
  })
}
