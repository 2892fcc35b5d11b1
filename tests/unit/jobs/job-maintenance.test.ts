// Retention housekeeping on its timer: each interval it deletes finished jobs, traces and cached
// workflow results past their own retentions, keeps what is newer, and reports a failing delete
// without stopping the timer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startRetentionCleanup } from '../../../server/core/jobs/durability/job-maintenance'
import { createMemoryStore } from '../../../server/core/store/memory/memory-store'

const MINUTE = 60_000

describe('startRetentionCleanup', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-01T12:00:00Z') })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('deletes workflow results stored before their retention at each interval and keeps newer ones', async () => {
    const store = createMemoryStore()
    await store.putWorkflowResult('alice', 'old', 'computed first')
    await vi.advanceTimersByTimeAsync(30 * MINUTE)
    await store.putWorkflowResult('alice', 'new', 'computed later')
    const stop = startRetentionCleanup(store, { retentionMs: 60 * MINUTE, workflowResultRetentionMs: 45 * MINUTE, intervalMs: 10 * MINUTE })
    try {
      // At +40 min nothing is 45 minutes old yet.
      await vi.advanceTimersByTimeAsync(10 * MINUTE)
      expect(await store.getWorkflowResult('alice', 'old')).toEqual({ value: 'computed first' })
      // At +50 min the first result is; the second (stored at +30 min) is not.
      await vi.advanceTimersByTimeAsync(10 * MINUTE)
      expect(await store.getWorkflowResult('alice', 'old')).toBeNull()
      expect(await store.getWorkflowResult('alice', 'new')).toEqual({ value: 'computed later' })
    }
    finally {
      stop()
    }
  })

  it('reports a failing delete and keeps running', async () => {
    const store = createMemoryStore()
    const errors: unknown[] = []
    let calls = 0
    store.systemDeleteWorkflowResultsBefore = async () => {
      calls += 1
      throw new Error('store unavailable')
    }
    const stop = startRetentionCleanup(store, { retentionMs: MINUTE, workflowResultRetentionMs: MINUTE, intervalMs: MINUTE, onError: error => errors.push(error) })
    try {
      await vi.advanceTimersByTimeAsync(2 * MINUTE)
      expect(calls).toBe(2)
      expect(errors.map(error => (error as Error).message)).toEqual(['store unavailable', 'store unavailable'])
    }
    finally {
      stop()
    }
  })
})
