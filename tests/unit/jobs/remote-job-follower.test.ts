import { describe, expect, it } from 'vitest'
import { LiveJobRegistry } from '../../../server/core/jobs/events/live-job-registry'
import { followRemoteJob } from '../../../server/core/jobs/durability/remote-job-follower'
import type { LlmStreamPart } from '../../../server/core/llm/types'
import { FakeSink } from '../support/fake-sink'
import { createJobHarness } from '../support/job-harness'
import { scriptedLlm, text } from '../support/scripted-llm'

const otherInstance = () => new LiveJobRegistry({
  replayBufferSize: 100, viewerQueueSize: 100, fanoutMode: 'fixed', fanoutMaxPendingDeltas: 10, fanoutIntervalMs: 100, pingIntervalMs: 15_000,
})

const textOf = (sink: FakeSink) => sink.events.reduce((content, event) => {
  if (event.type === 'snapshot') return event.job.content
  return event.type === 'delta' ? content + event.text : content
}, '')

describe('following a job another instance runs', () => {
  it('streams the stored progress to a viewer, in order, to the end', async () => {
    const parts: LlmStreamPart[] = [text('One. '), text('Two. '), text('Three.'), { type: 'finish', reason: 'stop' }]
    const owner = createJobHarness(scriptedLlm(() => ({ parts, holdAfter: 2 })))
    const job = await owner.submit()
    while (!(await owner.store.getJob('alice', job.id))?.content.includes('Two')) await new Promise(resolve => setTimeout(resolve, 5))

    const registry = otherInstance()
    const stored = await owner.store.getJob('alice', job.id)
    const live = followRemoteJob({ store: owner.store, registry, pollIntervalMs: 10 }, stored!)
    const viewer = new FakeSink()
    live.attach(viewer, undefined)
    expect(viewer.events[0]).toMatchObject({ type: 'snapshot', job: { content: 'One. Two. ' } })
    owner.llm.release()
    await owner.waitForEnd(job)
    for (let tick = 0; tick < 200 && !viewer.sawEnd; tick += 1) await new Promise(resolve => setTimeout(resolve, 10))
    expect(textOf(viewer)).toBe('One. Two. Three.')
    expect(viewer.events.at(-1)).toMatchObject({ type: 'status', status: 'complete' })
    const seqs = viewer.events.map(event => event.seq)
    expect(seqs).toEqual([...seqs].sort((left, right) => left - right))
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(seqs[0]).toBeGreaterThan(10_000)
    expect(registry.size).toBe(0)
  })

  it('stops polling and releases the follower when its last viewer leaves', async () => {
    const owner = createJobHarness(scriptedLlm(() => ({ parts: [text('a'), text('b')], holdAfter: 1 })))
    const job = await owner.submit()
    const registry = otherInstance()
    const live = followRemoteJob({ store: owner.store, registry, pollIntervalMs: 5 }, (await owner.store.getJob('alice', job.id))!)
    const viewer = new FakeSink()
    live.attach(viewer, undefined)
    viewer.emit('close')
    for (let tick = 0; tick < 100 && registry.size > 0; tick += 1) await new Promise(resolve => setTimeout(resolve, 5))
    expect(registry.size).toBe(0)
    owner.llm.release()
    await owner.waitForEnd(job)
  })
})
