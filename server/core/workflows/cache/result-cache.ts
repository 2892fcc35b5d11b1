// The workflow result cache: an agent step's result by (user, cache key). `createResultCache` puts an
// in-memory LRU (lru-cache) in front of an optional durable layer (the store). Only successes are
// written; callers never cache failures. It does not compute keys (agent-cache-key.ts does).
import { LRUCache } from 'lru-cache'

export interface WorkflowResultCache {
  /** `{ value }` for a hit (the value may be null), undefined for a miss. */
  get(userId: string, key: string): Promise<{ value: unknown } | undefined>
  set(userId: string, key: string, value: unknown): Promise<void>
}

/** The durable layer under the LRU (the store's workflow results). */
export interface DurableResultCache {
  getWorkflowResult(userId: string, key: string): Promise<{ value: unknown } | null>
  putWorkflowResult(userId: string, key: string, value: unknown): Promise<void>
}

export function createResultCache(options: { size: number; durable?: DurableResultCache }): WorkflowResultCache {
  const lru = new LRUCache<string, { value: unknown }>({ max: Math.max(1, options.size) })
  const slot = (userId: string, key: string) => `${userId}\u0000${key}`
  return {
    async get(userId, key) {
      const hit = lru.get(slot(userId, key))
      if (hit) return { value: structuredClone(hit.value) }
      const stored = await options.durable?.getWorkflowResult(userId, key)
      if (!stored) return undefined
      lru.set(slot(userId, key), stored)
      return { value: structuredClone(stored.value) }
    },
    async set(userId, key, value) {
      lru.set(slot(userId, key), { value: structuredClone(value) })
      await options.durable?.putWorkflowResult(userId, key, value)
    },
  }
}
