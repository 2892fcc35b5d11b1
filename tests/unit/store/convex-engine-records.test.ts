// Convex-only parts of the engine contract: the lease-lost ConvexError as a real client delivers it
// maps to LeaseLostError (other errors pass through), a stored row that does not match the shared
// schema fails loudly instead of being cast, and feed seqs keep growing after retention pruned them all.
import { ConvexError } from 'convex/values'
import { describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import { LEASE_LOST_CODE } from '../../../convex/lib/jobFence'
import { fencedWrite } from '../../../server/core/store/convex/convex-lease-errors'
import { LeaseLostError } from '../../../server/core/store/ports'
import { makeConvexBackend, makeConvexStore, useTestSecret } from './convex-backend'

useTestSecret()

/** A ConvexError shaped as ConvexHttpClient throws it: the server's message, the data set afterwards. */
function errorFromClient(data: Record<string, string>): ConvexError<string> {
  const error = new ConvexError('[Request ID: 1] Server Error\nUncaught ConvexError: {...}')
  Object.assign(error, { data })
  return error
}

describe('convex lease errors', () => {
  it('turns the lease-lost ConvexError into LeaseLostError naming the job', async () => {
    const failing = fencedWrite('job-7', () => Promise.reject(errorFromClient({ code: LEASE_LOST_CODE, jobId: 'job-7' })))
    await expect(failing).rejects.toBeInstanceOf(LeaseLostError)
    await expect(fencedWrite('job-7', () => Promise.reject(errorFromClient({ code: LEASE_LOST_CODE, jobId: 'job-7' }))))
      .rejects.toMatchObject({ jobId: 'job-7' })
  })

  it('passes every other error through unchanged', async () => {
    const other = errorFromClient({ code: 'somethingElse' })
    await expect(fencedWrite('job-7', () => Promise.reject(other))).rejects.toBe(other)
    const plain = new Error('network down')
    await expect(fencedWrite('job-7', () => Promise.reject(plain))).rejects.toBe(plain)
  })

  it('maps the error the fenced function really throws on the test backend', async () => {
    const store = makeConvexStore()
    const thread = await store.createThread('user-1', {})
    const turn = await store.createTurn('user-1', { threadId: thread.id, content: 'Hi', model: 'm', isDemo: false })
    await expect(store.markJobStreaming('user-1', turn!.job.id, { owner: 'nobody' })).rejects.toBeInstanceOf(LeaseLostError)
  })
})

describe('convex records read back', () => {
  it('rejects a stored job whose tool calls do not match the shared schema', async () => {
    const backend = makeConvexBackend()
    const store = makeConvexStore(backend)
    const thread = await store.createThread('user-1', {})
    const turn = await store.createTurn('user-1', { threadId: thread.id, content: 'Hi', model: 'm', isDemo: false })
    await backend.run(async (context) => {
      const job = await context.db.query('background_jobs').first()
      await context.db.patch(job!._id, { tool_calls: '[{"id":1,"status":"flying"}]' })
    })
    await expect(store.getJob('user-1', turn!.job.id)).rejects.toBeInstanceOf(ZodError)
  })
})

describe('convex feed seqs', () => {
  it('keeps counting after retention deleted every event of the user', async () => {
    const store = makeConvexStore()
    await store.createThread('user-1', { title: 'first' })
    await store.createThread('user-1', { title: 'second' })
    expect(await store.latestUserEventSeq('user-1')).toBe(2)
    await store.systemDeleteFinishedJobs(Date.now() + 1)
    expect(await store.listUserEvents('user-1', 0, 10)).toEqual([])
    expect(await store.latestUserEventSeq('user-1')).toBe(2)
    await store.createThread('user-1', { title: 'third' })
    expect((await store.listUserEvents('user-1', 0, 10)).map(event => event.seq)).toEqual([3])
  })
})
