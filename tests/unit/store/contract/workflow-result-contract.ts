// Contract: the workflow result cache. A stored result reads back equal (objects, text, null), a later
// put replaces it, an unknown key is null, and each user sees only their own results.
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

    it('keeps each user\'s results to that user', async () => {
      await context.store.putWorkflowResult(ALICE, 'shared-key', 'alice result')
      expect(await context.store.getWorkflowResult(BOB, 'shared-key')).toBeNull()
      await context.store.putWorkflowResult(BOB, 'shared-key', 'bob result')
      expect(await context.store.getWorkflowResult(ALICE, 'shared-key')).toEqual({ value: 'alice result' })
    })
  })
}
