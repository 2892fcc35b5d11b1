// The memory store's workflow result cache: a Map per process keyed by user and cache key, values
// cloned in and out with the time they were stored (for retention). Nothing else; the LRU in front of
// it is the workflow kind's.
import type { Store } from '../ports'

type WorkflowResultMethods = Pick<Store, 'getWorkflowResult' | 'putWorkflowResult' | 'systemDeleteWorkflowResultsBefore'>

export function createMemoryWorkflowResults(): WorkflowResultMethods {
  const results = new Map<string, { value: unknown, storedAt: number }>()
  const slot = (userId: string, key: string) => `${userId}\u0000${key}`
  return {
    async getWorkflowResult(userId, key) {
      const found = results.get(slot(userId, key))
      return found ? { value: structuredClone(found.value) } : null
    },
    async putWorkflowResult(userId, key, value) {
      results.set(slot(userId, key), { value: structuredClone(value ?? null), storedAt: Date.now() })
    },
    async systemDeleteWorkflowResultsBefore(cutoff) {
      let deleted = 0
      for (const [found, result] of results) {
        if (result.storedAt >= cutoff) continue
        results.delete(found)
        deleted += 1
      }
      return deleted
    },
  }
}
