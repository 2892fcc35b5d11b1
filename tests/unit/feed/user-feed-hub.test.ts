// The per-user live feed hub against a real (memory) store: live delivery to every connection of the
// user and only theirs, resume after Last-Event-ID, reset past the replay limit, the connection cap,
// and no timers left once the last connection closes.
import { afterEach, describe, expect, it } from 'vitest'
import type { UserFeedEvent } from '#shared/types/user-event'
import { AppError } from '../../../server/core/http/app-error'
import { UserFeedHub } from '../../../server/core/feed/user-feed-hub'
import { createMemoryStore } from '../../../server/core/store/memory/memory-store'
import type { Store } from '../../../server/core/store/ports'
import { FakeSink } from '../support/fake-sink'

const hubs: UserFeedHub[] = []

function hubFor(store: Store, options: { maxConnectionsPerUser?: number; maxReplay?: number } = {}) {
  const hub = new UserFeedHub({ store, pollIntervalMs: 10, viewerQueueSize: 100, pingIntervalMs: 60_000, maxConnectionsPerUser: options.maxConnectionsPerUser ?? 5, ...(options.maxReplay ? { maxReplay: options.maxReplay } : {}) })
  hubs.push(hub)
  return hub
}

afterEach(() => {
  for (const hub of hubs.splice(0)) hub.closeAll()
})

const feedOf = (sink: FakeSink): UserFeedEvent[] => sink.raw.split('\n\n').filter(frame => frame.startsWith('id: '))
  .map(frame => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as UserFeedEvent)

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`)
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

describe('UserFeedHub', () => {
  it('streams a user\'s new threads and jobs to each of their connections, and nothing of other users', async () => {
    const store = createMemoryStore()
    const hub = hubFor(store)
    const tabA = new FakeSink()
    const tabB = new FakeSink()
    const bob = new FakeSink()
    await hub.attach('alice', tabA, undefined)
    await hub.attach('alice', tabB, undefined)
    await hub.attach('bob', bob, undefined)
    const thread = await store.createThread('alice', { title: 'Plans' })
    await store.createTurn('alice', { threadId: thread.id, content: 'secret words', model: 'm', isDemo: false })
    await until(() => feedOf(tabA).some(event => event.type === 'job') && feedOf(tabB).some(event => event.type === 'job'), 'job events')
    for (const tab of [tabA, tabB]) {
      const events = feedOf(tab)
      expect(events[0]).toMatchObject({ type: 'thread', thread: { id: thread.id, title: 'Plans' } })
      expect(events.find(event => event.type === 'job')).toMatchObject({ job: { status: 'queued', threadId: thread.id, kind: 'chat' } })
      expect(events.map(event => event.seq)).toEqual([...events.map(event => event.seq)].sort((a, b) => a - b))
      expect(tab.raw).not.toContain('secret words')
    }
    expect(feedOf(bob)).toEqual([])
  })

  it('replays what a reconnecting client missed after its Last-Event-ID, each event once', async () => {
    const store = createMemoryStore()
    const hub = hubFor(store)
    const first = await store.createThread('alice', { title: 'one' })
    const cursor = await store.latestUserEventSeq('alice')
    await store.createThread('alice', { title: 'two' })
    await store.updateThread('alice', first.id, { title: 'one, renamed' })
    const sink = new FakeSink()
    await hub.attach('alice', sink, cursor)
    await store.deleteThread('alice', first.id)
    await until(() => feedOf(sink).some(event => event.type === 'thread_deleted'), 'delete event')
    expect(feedOf(sink).map(event => event.type === 'thread' ? event.thread.title : event.type)).toEqual(['two', 'one, renamed', 'thread_deleted'])
  })

  it('tells a client whose cursor is too far behind to refetch', async () => {
    const store = createMemoryStore()
    const hub = hubFor(store, { maxReplay: 2 })
    for (const title of ['a', 'b', 'c', 'd']) await store.createThread('alice', { title })
    const sink = new FakeSink()
    await hub.attach('alice', sink, 0)
    expect(sink.raw).toContain('event: reset')
    expect(feedOf(sink)).toEqual([])
  })

  it('refuses connections past the per-user cap with a 429, and frees the slot when one closes', async () => {
    const store = createMemoryStore()
    const hub = hubFor(store, { maxConnectionsPerUser: 1 })
    const sink = new FakeSink()
    await hub.attach('alice', sink, undefined)
    expect(() => hub.checkCapacity('alice')).toThrow(AppError)
    try { hub.checkCapacity('alice') } catch (error) { expect((error as AppError).statusCode).toBe(429) }
    expect(() => hub.checkCapacity('bob')).not.toThrow()
    sink.destroy()
    expect(hub.connectionCount).toBe(0)
    expect(() => hub.checkCapacity('alice')).not.toThrow()
  })
})
