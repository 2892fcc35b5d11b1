// The follower reading progress instead of whole jobs: a rewind by the owner replaces the viewer's
// text once and streaming goes on (memory store, polling), and on Convex the follower streams through
// a reactive subscription with not one polling read.
import { describe, expect, it } from 'vitest'
import type { JobEvent } from '#shared/types/job-event'
import { LiveJobRegistry } from '../../../server/core/jobs/events/live-job-registry'
import { followRemoteJob } from '../../../server/core/jobs/durability/remote-job-follower'
import { createConvexStore } from '../../../server/core/store/convex/convex-store'
import { createMemoryStore } from '../../../server/core/store/memory/memory-store'
import type { Store } from '../../../server/core/store/ports'
import { makeConvexBackend, TEST_SECRET, useTestSecret } from '../store/convex-backend'
import { FakeSink } from '../support/fake-sink'
import { reactiveConvex } from '../support/reactive-convex'

useTestSecret()

const OWNER = { owner: 'instance-owner' }
const otherInstance = () => new LiveJobRegistry({
  replayBufferSize: 100, viewerQueueSize: 100, fanoutBatching: false, fanoutMaxPendingDeltas: 10, fanoutIntervalMs: 100, pingIntervalMs: 15_000,
})
const textOf = (events: JobEvent[]) => events.reduce((content, event) => {
  if (event.type === 'snapshot') return event.job.content
  return event.type === 'delta' ? content + event.text : content
}, '')

/** A streaming job held by OWNER with `text` stored at seq 1. */
async function runningJob(store: Store, text: string) {
  const thread = await store.createThread('alice', {})
  const turn = await store.createTurn('alice', { threadId: thread.id, content: 'Hi', model: 'm', isDemo: false })
  const jobId = turn!.job.id
  await store.claimJobLease(jobId, OWNER.owner, Date.now() + 60_000, Date.now())
  await store.markJobStreaming('alice', jobId, OWNER)
  await store.appendJobContent('alice', jobId, { text, chunks: 1, lastSeq: 1 }, OWNER)
  return jobId
}

async function until(condition: () => boolean): Promise<void> {
  for (let tick = 0; tick < 400 && !condition(); tick += 1) await new Promise(resolve => setTimeout(resolve, 5))
}

describe('following progress', () => {
  it('replaces the viewer\'s text once when the owner rewinds, then streams on to the end', async () => {
    const store = createMemoryStore()
    const jobId = await runningJob(store, 'Kept. ')
    await store.saveCheckpoint('alice', jobId, { contentLength: 6, completedToolCallIds: [], state: null, savedAt: 1 }, OWNER)
    await store.appendJobContent('alice', jobId, { text: 'Dropped.', chunks: 1, lastSeq: 2 }, OWNER)
    const registry = otherInstance()
    const viewer = new FakeSink()
    followRemoteJob({ store, registry, pollIntervalMs: 5 }, (await store.getJob('alice', jobId))!).attach(viewer, undefined)

    await store.rewindJobToCheckpoint(jobId, OWNER.owner)
    await until(() => viewer.events.filter(event => event.type === 'snapshot').length > 1)
    await store.appendJobContent('alice', jobId, { text: 'Again.', chunks: 1, lastSeq: 10_003 }, OWNER)
    await store.finishJob('alice', jobId, { status: 'complete', lastSeq: 10_004 }, OWNER)
    await until(() => viewer.sawEnd)

    expect(textOf(viewer.events)).toBe('Kept. Again.')
    expect(viewer.events.filter(event => event.type === 'snapshot').map(event => event.type === 'snapshot' && event.job.content))
      .toEqual(['Kept. Dropped.', 'Kept. '])
    expect(viewer.events.at(-1)).toMatchObject({ type: 'status', status: 'complete' })
    expect(registry.size).toBe(0)
  })

  it('streams a Convex job through a subscription, without one polling read', async () => {
    const reactive = reactiveConvex(makeConvexBackend())
    const store = createConvexStore({ client: reactive.client, secret: TEST_SECRET, openSubscriber: () => reactive.subscriber })
    const jobId = await runningJob(store, 'One. ')
    const registry = otherInstance()
    const viewer = new FakeSink()
    followRemoteJob({ store, registry, pollIntervalMs: 60_000 }, (await store.getJob('alice', jobId))!).attach(viewer, undefined)

    await store.appendJobContent('alice', jobId, { text: 'Two. ', chunks: 1, lastSeq: 2 }, OWNER)
    const call = { id: 'call_1', name: 'calculator', status: 'pending' as const, args: { expression: '1+1' }, round: 1, startedAt: 1 }
    await store.upsertToolCalls('alice', jobId, { toolCalls: [call], seq: 3 }, OWNER)
    await store.appendJobContent('alice', jobId, { text: 'Three.', chunks: 1, lastSeq: 4 }, OWNER)
    await store.finishJob('alice', jobId, { status: 'complete', lastSeq: 5 }, OWNER)
    await until(() => viewer.sawEnd)

    expect(textOf(viewer.events)).toBe('One. Two. Three.')
    expect(viewer.events.filter(event => event.type === 'tool_call')).toEqual([expect.objectContaining({ toolCall: call })])
    expect(viewer.events.at(-1)).toMatchObject({ type: 'status', status: 'complete' })
    expect(reactive.progressReads).toBe(0)
    expect(reactive.subscriptions).toBe(0)
    await store.close()
  })
})
