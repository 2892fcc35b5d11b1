// The live feed applied to the sidebar's list: titles and order follow, deletions drop the thread, job
// events set and clear the live indicator, and a thread the list does not hold asks for a refetch.
import { describe, expect, it } from 'vitest'
import { applyFeedEvent, parseFeedEvent } from '../../../app/utils/apply-feed-event'
import type { ThreadSummary } from '#shared/types/thread'
import type { UserFeedEvent } from '#shared/types/user-event'

function thread(id: string, updatedAt: number, activeJobId: string | null = null): ThreadSummary {
  return { id, userId: 'u', title: `title ${id}`, disabledTools: [], enabledTools: [], model: null, createdAt: 1, updatedAt, activeJobId }
}

const jobEvent = (id: string, threadId: string | null, status: 'queued' | 'streaming' | 'complete', at = 50): UserFeedEvent =>
  ({ seq: 1, at, type: 'job', job: { id, kind: 'chat', status, threadId, messageId: 'm', parentJobId: null, title: null } })

const list = [thread('a', 30), thread('b', 20), thread('c', 10)]

describe('applyFeedEvent', () => {
  it('renames a thread and moves it to its place by updatedAt', () => {
    const { threads, missing } = applyFeedEvent(list, { seq: 1, at: 40, type: 'thread', thread: { id: 'c', title: 'Cleaned title', updatedAt: 40 } })
    expect(missing).toBe(false)
    expect(threads.map(item => [item.id, item.title])).toEqual([['c', 'Cleaned title'], ['a', 'title a'], ['b', 'title b']])
  })

  it('asks for a refetch when a thread was created elsewhere', () => {
    const update = applyFeedEvent(list, { seq: 1, at: 40, type: 'thread', thread: { id: 'new', title: 'x', updatedAt: 40 } })
    expect(update).toEqual({ threads: list, missing: true })
    expect(applyFeedEvent(list, jobEvent('j', 'new', 'queued')).missing).toBe(true)
  })

  it('drops a deleted thread', () => {
    expect(applyFeedEvent(list, { seq: 1, at: 40, type: 'thread_deleted', threadId: 'b' }).threads.map(item => item.id)).toEqual(['a', 'c'])
  })

  it('marks a thread live when its job starts, first in the list, and clears the mark when that job ends', () => {
    const started = applyFeedEvent(list, jobEvent('j1', 'c', 'queued')).threads
    expect(started.map(item => [item.id, item.activeJobId])).toEqual([['c', 'j1'], ['a', null], ['b', null]])
    const ended = applyFeedEvent(started, jobEvent('j1', 'c', 'complete', 60)).threads
    expect(ended.find(item => item.id === 'c')?.activeJobId).toBeNull()
  })

  it('keeps the mark when an older job of the thread ends', () => {
    const live = [thread('a', 30, 'j2')]
    expect(applyFeedEvent(live, jobEvent('j1', 'a', 'complete')).threads).toBe(live)
  })

  it('ignores jobs outside a thread', () => {
    expect(applyFeedEvent(list, jobEvent('j', null, 'queued'))).toEqual({ threads: list, missing: false })
  })
})

describe('parseFeedEvent', () => {
  it('reads a valid frame and refuses anything else', () => {
    expect(parseFeedEvent(JSON.stringify({ seq: 3, at: 1, type: 'thread_deleted', threadId: 't' }))).toEqual({ seq: 3, at: 1, type: 'thread_deleted', threadId: 't' })
    expect(parseFeedEvent('{not json')).toBeNull()
    expect(parseFeedEvent(JSON.stringify({ seq: 3, at: 1, type: 'thread_deleted' }))).toBeNull()
    expect(parseFeedEvent(JSON.stringify({ type: 'thread_deleted', threadId: 't' }))).toBeNull()
  })
})
