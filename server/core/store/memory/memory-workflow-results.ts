// The memory store's workflow result cache: a Map per process keyed by user and cache key, values
// cloned in and out. Nothing else; the LRU in front of it is the workflow kind's.
import type { Store } from '../ports'

export function createMemoryWorkflowResults(): Pick<Store, 'getWorkflowResult' | 'putWorkflowResult'> {
  const results = new Map<string, unknown>()
  const slot = (userId: string, key: string) => `${userId}\u0000${key}`
  return {
    async getWorkflowResult(userId, key) {
      const found = slot(userId, key)
      return results.has(found) ? { value: structuredClone(results.get(found) ?? null) } : null
    },
    async putWorkflowResult(userId, key, value) {
      results.set(slot(userId, key), structuredClone(value ?? null))
    },
  }
}
