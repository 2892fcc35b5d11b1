// The result cache: the LRU answers without the store, a miss falls through to the store (a restarted
// process still hits), values are copies, users are kept apart, and the LRU evicts past its size.
import { describe, expect, it } from 'vitest'
import { createResultCache } from '../../../server/core/workflows/cache/result-cache'
import { createSqliteStore } from '../../../server/core/store/sqlite/sqlite-store'

function countingStore() {
  const store = createSqliteStore({ path: ':memory:' })
  const reads: string[] = []
  return {
    reads, store,
    durable: {
      getWorkflowResult: (userId: string, key: string) => { reads.push(key); return store.getWorkflowResult(userId, key) },
      putWorkflowResult: (userId: string, key: string, value: unknown) => store.putWorkflowResult(userId, key, value),
    },
  }
}

describe('the workflow result cache', () => {
  it('answers from the LRU first and from the store after a restart', async () => {
    const { durable, reads } = countingStore()
    const first = createResultCache({ size: 10, durable })
    await first.set('alice', 'k', { questions: ['a'] })
    expect(await first.get('alice', 'k')).toEqual({ value: { questions: ['a'] } })
    expect(reads).toEqual([])
    const restarted = createResultCache({ size: 10, durable })
    expect(await restarted.get('alice', 'k')).toEqual({ value: { questions: ['a'] } })
    expect(reads).toEqual(['k'])
    expect(await restarted.get('alice', 'k')).toEqual({ value: { questions: ['a'] } })
    expect(reads).toEqual(['k'])
  })

  it('hands out copies, keeps users apart and misses as undefined', async () => {
    const cache = createResultCache({ size: 10 })
    await cache.set('alice', 'k', { list: [1] })
    const read = await cache.get('alice', 'k')
    ;(read!.value as { list: number[] }).list.push(2)
    expect(await cache.get('alice', 'k')).toEqual({ value: { list: [1] } })
    expect(await cache.get('bob', 'k')).toBeUndefined()
  })

  it('evicts the least recently used entry past its size', async () => {
    const cache = createResultCache({ size: 2 })
    await cache.set('alice', 'a', 1)
    await cache.set('alice', 'b', 2)
    await cache.get('alice', 'a')
    await cache.set('alice', 'c', 3)
    expect(await cache.get('alice', 'b')).toBeUndefined()
    expect(await cache.get('alice', 'a')).toEqual({ value: 1 })
  })
})
