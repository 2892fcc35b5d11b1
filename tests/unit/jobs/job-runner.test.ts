import { describe, expect, it } from 'vitest'
import type { Store } from '../../../server/core/store/ports'
import { LlmError } from '../../../server/core/llm/llm-error'
import { createJobHarness, type HarnessOptions, type JobHarness } from '../support/job-harness'
import { scriptedLlm, text, type ScriptedLlm } from '../support/scripted-llm'

const setup = (llm: ScriptedLlm, limits: HarnessOptions = {}): JobHarness => createJobHarness(llm, limits)

const submit = (harness: JobHarness, userId: string, content = 'hi') => harness.submit(userId, content)

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

const statusOf = async (store: Store, userId: string, jobId: string) => (await store.getJob(userId, jobId))!.status

describe('JobRunner with chat jobs', () => {
  it('runs a job to completion and stores the whole text', async () => {
    const context = setup(scriptedLlm(() => ({ parts: [text('Hello'), text(', '), text('world'), { type: 'finish', reason: 'stop' }] })))
    const job = await submit(context, 'alice')
    await waitFor(async () => (await statusOf(context.store, 'alice', job.id)) === 'complete')
    const stored = await context.store.getJob('alice', job.id)
    expect(stored!.content).toBe('Hello, world')
    expect(stored!.lastSeq).toBeGreaterThan(1)
    expect(context.registry.size).toBe(0)
    expect(context.runner.stats).toEqual({ running: 0, queued: 0, usersWithRunningJobs: 0 })
  })

  it('runs a job submitted twice at once (a recovery pass racing its creator) only once', async () => {
    const context = setup(scriptedLlm(() => ({ parts: [text('Once.'), { type: 'finish', reason: 'stop' }] })))
    const thread = await context.store.createThread('alice', {})
    const turn = await context.store.createTurn('alice', { threadId: thread.id, content: 'hi', model: 'mock/x', isDemo: false })
    const job = turn!.job
    expect(await Promise.all([context.runner.submit(job), context.runner.submit(job)])).toEqual([true, true])
    const stored = await context.waitForEnd(job)
    expect(stored).toMatchObject({ status: 'complete', content: 'Once.' })
    expect(context.llm.requests).toHaveLength(1)
  })

  it('queues beyond the per-user limit, FIFO, while other users still start', async () => {
    const context = setup(scriptedLlm(() => ({ parts: [text('a'), text('b')], holdAfter: 1 })), { maxConcurrentPerUser: 1, maxConcurrent: 3 })
    const first = await submit(context, 'alice')
    const second = await submit(context, 'alice')
    const third = await submit(context, 'alice')
    const other = await submit(context, 'bob')
    await waitFor(() => context.llm.requests.length === 2)
    expect(await statusOf(context.store, 'alice', first.id)).toBe('streaming')
    expect(await statusOf(context.store, 'alice', second.id)).toBe('queued')
    expect(await statusOf(context.store, 'bob', other.id)).toBe('streaming')
    expect(context.runner.stats.queued).toBe(2)
    context.llm.release()
    await waitFor(async () => (await statusOf(context.store, 'alice', second.id)) === 'streaming')
    expect(await statusOf(context.store, 'alice', third.id)).toBe('queued')
    context.llm.release()
    await waitFor(async () => (await statusOf(context.store, 'alice', third.id)) === 'streaming')
    context.llm.release()
    await waitFor(async () => (await statusOf(context.store, 'alice', third.id)) === 'complete')
  })

  it('holds the global limit across users', async () => {
    const context = setup(scriptedLlm(() => ({ parts: [text('a'), text('b')], holdAfter: 1 })), { maxConcurrent: 2 })
    await submit(context, 'alice')
    await submit(context, 'bob')
    const third = await submit(context, 'carol')
    await waitFor(() => context.llm.requests.length === 2)
    expect(await statusOf(context.store, 'carol', third.id)).toBe('queued')
    context.llm.release()
    await waitFor(async () => (await statusOf(context.store, 'carol', third.id)) !== 'queued')
    context.llm.release()
  })

  it('abort of a running job keeps the partial text; abort of a queued job never calls the model', async () => {
    const context = setup(scriptedLlm(() => ({ parts: [text('partial '), text('answer'), text(' never')], holdAfter: 2 })), { maxConcurrentPerUser: 1 })
    const running = await submit(context, 'alice')
    const queued = await submit(context, 'alice')
    await waitFor(() => context.llm.requests.length === 1)
    expect(await context.runner.abort('alice', queued.id)).toBe(true)
    expect(await statusOf(context.store, 'alice', queued.id)).toBe('aborted')
    expect(await context.runner.abort('mallory', running.id)).toBe(false)
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(await context.runner.abort('alice', running.id)).toBe(true)
    const stored = await context.store.getJob('alice', running.id)
    expect(stored).toMatchObject({ status: 'aborted', content: 'partial answer' })
    expect(context.llm.requests).toHaveLength(1)
    expect(context.registry.size).toBe(0)
  })

  it('ends a job that runs past its timeout in error with a readable reason', async () => {
    const context = setup(scriptedLlm(() => ({ parts: [text('slow'), text('er')], holdAfter: 1 })), { jobTimeoutMs: 50 })
    const job = await submit(context, 'alice')
    await waitFor(async () => (await statusOf(context.store, 'alice', job.id)) === 'error')
    const stored = await context.store.getJob('alice', job.id)
    expect(stored!.error).toMatch(/longer than/)
    expect(stored!.content).toBe('slow')
  })

  it('retries a retryable model error before the first token, then fails with its message', async () => {
    const context = setup(scriptedLlm(() => ({ parts: [], error: LlmError.http(503, 'Service Unavailable', '') })))
    const job = await submit(context, 'alice')
    await waitFor(async () => (await statusOf(context.store, 'alice', job.id)) === 'error')
    expect(context.llm.requests).toHaveLength(2)
    expect((await context.store.getJob('alice', job.id))!.error).toMatch(/503/)
  })

  it('shutdown pauses running and queued jobs with their leases released, and refuses new ones', async () => {
    const context = setup(scriptedLlm(() => ({ parts: [text('a'), text('b')], holdAfter: 1 })), { maxConcurrentPerUser: 1 })
    const running = await submit(context, 'alice')
    const queued = await submit(context, 'alice')
    await waitFor(() => context.llm.requests.length === 1)
    await context.runner.shutdown()
    const paused = await context.store.getJob('alice', running.id)
    expect(paused).toMatchObject({ status: 'streaming', leaseOwner: null, error: null })
    expect(paused!.checkpoint).toMatchObject({ state: { round: 1 } })
    expect(await context.store.getJob('alice', queued.id)).toMatchObject({ status: 'queued', leaseOwner: null })
    expect(context.registry.size).toBe(0)
    expect(context.runner.hasHeartbeat).toBe(false)
    await expect(submit(context, 'alice')).rejects.toThrow(/shutting down/)
  })

  it('a job whose lease another instance took stops at its next write and writes nothing more', async () => {
    const context = setup(scriptedLlm(() => ({ parts: [text('mine '), text('not mine'), { type: 'finish', reason: 'stop' }], holdAfter: 1 })), { heartbeatMs: 60_000 })
    const job = await submit(context, 'alice')
    await waitFor(async () => (await context.store.getJob('alice', job.id))!.content === 'mine ')
    // Another instance, seeing the lease expired (its clock says so), takes the job.
    const taken = await context.store.claimJobLease(job.id, 'other-instance', Date.now() + 120_000, Date.now() + 61_000)
    expect(taken?.leaseOwner).toBe('other-instance')
    context.llm.release()
    await waitFor(() => context.runner.stats.running === 0)
    const after = (await context.store.getJob('alice', job.id))!
    expect(after).toMatchObject({ status: 'streaming', content: 'mine ', leaseOwner: 'other-instance', error: null })
    expect(context.registry.size).toBe(0)
  })

  it('the heartbeat hands lost leases to the runner: the job is stopped without writing', async () => {
    const context = setup(scriptedLlm(() => ({ parts: [text('a'), text('b')], holdAfter: 1 })), { heartbeatMs: 20 })
    const job = await submit(context, 'alice')
    await waitFor(() => context.llm.requests.length === 1)
    await context.store.claimJobLease(job.id, 'other-instance', Date.now() + 120_000, Date.now() + 61_000)
    await waitFor(() => context.runner.stats.running === 0)
    expect(context.llm.requests[0]!.signal.aborted).toBe(true)
    expect(await context.store.getJob('alice', job.id)).toMatchObject({ status: 'streaming', leaseOwner: 'other-instance' })
  })
})
