// Job trees on the runner with test-only kinds: a parent ('workflow') that spawns two children
// ('subagent') and waits for them. A parent waiting on its children cannot starve them of the per-user
// slot it holds, and stopping the parent stops every child (queued or running, here or elsewhere).
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { isTerminalStatus, type Job } from '#shared/types/job'
import { createJobHarness, type JobHarness } from '../support/job-harness'
import { scriptedLlm } from '../support/scripted-llm'
import { until } from '../../shared/until'

const noModel = scriptedLlm(() => ({ parts: [] }))

/** Registers a parent kind spawning `children` children, and a child kind that ends when `release` is called or its signal fires. */
function treeKinds(harness: JobHarness, children = 2) {
  const childStarts: string[] = []
  const childSignals: AbortSignal[] = []
  let release!: () => void
  const released = new Promise<void>((resolve) => { release = resolve })
  harness.kinds.register({
    kind: 'workflow',
    checkpointState: z.unknown(),
    async run({ job, signal }) {
      const spawned: Job[] = []
      for (let index = 0; index < children; index++) {
        const child = await harness.store.createJob(job.userId, { kind: 'subagent', parentJobId: job.id, threadId: job.threadId, model: 'mock/x', isDemo: false, title: `child ${index}` })
        spawned.push(child!)
        await harness.runner.submit(child!)
      }
      for (const child of spawned) {
        await until(() => harness.store.getJob(job.userId, child.id), current => current !== null && isTerminalStatus(current.status), 'child')
        signal.throwIfAborted()
      }
    },
  })
  harness.kinds.register({
    kind: 'subagent',
    checkpointState: z.unknown(),
    async run({ job, signal, output }) {
      childStarts.push(job.id)
      childSignals.push(signal)
      output.text(`child ${job.id} ran`)
      await Promise.race([released, new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))])
    },
  })
  return { childStarts, childSignals, release }
}

async function startParent(harness: JobHarness, userId = 'alice'): Promise<Job> {
  const thread = await harness.store.createThread(userId, {})
  const parent = await harness.store.createJob(userId, { kind: 'workflow', threadId: thread.id, model: 'mock/x', isDemo: false, title: 'parent' })
  await harness.runner.submit(parent!)
  return parent!
}

describe('job trees', () => {
  it('a parent waiting on two children completes with the per-user limit set to 1', async () => {
    const harness = createJobHarness(noModel, { maxConcurrentPerUser: 1, maxConcurrent: 1, maxConcurrentChildren: 2 })
    const { childStarts, release } = treeKinds(harness)
    const parent = await startParent(harness)
    await until(async () => childStarts.length, count => count === 2, 'both children to start')
    release()
    const ended = await harness.waitForEnd(parent)
    expect(ended.status).toBe('complete')
    const children = await harness.store.listChildJobs('alice', parent.id)
    expect(children.map(child => [child.parentJobId, child.status, child.content])).toEqual(children.map(child => [parent.id, 'complete', `child ${child.id} ran`]))
  })

  it('a second root job of the same user still waits for the slot (children do not take it)', async () => {
    const harness = createJobHarness(noModel, { maxConcurrentPerUser: 1 })
    const { childStarts, release } = treeKinds(harness)
    const parent = await startParent(harness)
    await until(async () => childStarts.length, count => count === 2, 'children')
    const other = await startParent(harness)
    expect((await harness.store.getJob('alice', other.id))!.status).toBe('queued')
    release()
    expect((await harness.waitForEnd(parent)).status).toBe('complete')
    expect((await harness.waitForEnd(other)).status).toBe('complete')
  })

  it('aborting the parent aborts every child', async () => {
    const harness = createJobHarness(noModel, { maxConcurrentChildren: 1 })
    const { childStarts, childSignals } = treeKinds(harness)
    const parent = await startParent(harness)
    // One child runs, the other waits in the child pool's queue.
    await until(async () => childStarts.length, count => count === 1, 'first child')
    expect(await harness.runner.abort('alice', parent.id)).toBe(true)
    expect((await harness.waitForEnd(parent)).status).toBe('aborted')
    const children = await until(() => harness.store.listChildJobs('alice', parent.id),
      list => list.length === 2 && list.every(child => isTerminalStatus(child.status)), 'children to end')
    expect(children.map(child => child.status)).toEqual(['aborted', 'aborted'])
    expect(childSignals[0]!.aborted).toBe(true)
    expect(childStarts).toHaveLength(1)
    expect(harness.runner.stats).toMatchObject({ running: 0, queued: 0 })
  })

  it('a child held by no live process is finished aborted at once when its parent stops', async () => {
    const harness = createJobHarness(noModel)
    const { childStarts } = treeKinds(harness, 1)
    const parent = await startParent(harness)
    await until(async () => childStarts.length, count => count === 1, 'child')
    // A child another instance created and died before running: nobody holds its lease.
    const orphan = await harness.store.createJob('alice', { kind: 'subagent', parentJobId: parent.id, model: 'mock/x', isDemo: false })
    expect(await harness.runner.abort('alice', parent.id)).toBe(true)
    const orphanNow = await harness.store.getJob('alice', orphan!.id)
    expect(orphanNow).toMatchObject({ status: 'aborted', leaseOwner: null })
    expect(harness.runner.holds(orphan!.id)).toBe(false)
  })

  it('a stop requested through the store reaches the job within a heartbeat', async () => {
    const harness = createJobHarness(noModel, { heartbeatMs: 20 })
    const { childStarts } = treeKinds(harness, 1)
    const parent = await startParent(harness)
    await until(async () => childStarts.length, count => count === 1, 'child')
    // Another instance asks: the job is held here, so the request is recorded for this runner's heartbeat.
    expect(await harness.store.requestJobAbort('alice', parent.id, Date.now())).toBe('requested')
    expect((await harness.waitForEnd(parent)).status).toBe('aborted')
    const [child] = await until(() => harness.store.listChildJobs('alice', parent.id), list => list.every(job => isTerminalStatus(job.status)), 'child')
    expect(child!.status).toBe('aborted')
    expect((await harness.store.getJob('alice', parent.id))!.leaseOwner).toBeNull()
  })
})
