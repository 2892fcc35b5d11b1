// Contract: jobs that write no message (createJob) and job trees — the record createJob writes, the
// checks on thread and parent, listChildJobs, the kinds/parentJobId filters of listJobs, admission
// counting only root jobs, and deleteThread taking every descendant job with it.
import { describe, expect, it } from 'vitest'
import { TooManyActiveJobsError } from '../../../../server/core/store/ports'
import {
  ALICE, createThreadWithHeldTurn, createThreadWithTurn, FENCE, holdJob, START_TIME, UUID_PATTERN, type StoreContractContext,
} from './store-contract-context'

/** Declares the job-tree tests of the store contract. */
export function describeJobTreeContract(context: StoreContractContext): void {
  describe('jobs without messages and job trees', () => {
    it('creates a queued job with no thread, message or parent', async () => {
      context.advanceClock(5)
      const input = { workflow: 'digest', args: { days: 7, tags: ['a'] } }
      const job = await context.store.createJob(ALICE, { kind: 'workflow', model: 'm-2', isDemo: true, title: 'Weekly digest', input })
      const now = START_TIME + 5
      expect(job).toEqual({
        id: expect.stringMatching(UUID_PATTERN), userId: ALICE, threadId: null, messageId: null, parentJobId: null,
        kind: 'workflow', title: 'Weekly digest', input, status: 'queued', model: 'm-2', isDemo: true, content: '',
        chunksReceived: 0, toolCalls: [], toolRounds: [], usage: null, error: null, lastSeq: 0, createdAt: now,
        startedAt: null, finishedAt: null, updatedAt: now, attempts: 0, leaseOwner: null, leaseExpiresAt: null,
        checkpoint: null, abortRequestedAt: null,
      })
      expect(await context.store.getJob(ALICE, job!.id)).toEqual(job)
      expect((await context.store.systemListUnfinishedJobs()).map(listed => listed.id)).toEqual([job!.id])
    })

    it('creates a child job in a thread, without touching the thread or its messages', async () => {
      const { thread, turn } = await createThreadWithTurn(context.store, ALICE)
      const before = await context.store.getThread(ALICE, thread.id)
      context.advanceClock(10)
      const child = await context.store.createJob(ALICE, {
        kind: 'subagent', threadId: thread.id, parentJobId: turn.job.id, model: 'm', isDemo: false, title: 'Find sources', input: { prompt: 'Find' },
      })
      expect(child).toMatchObject({ threadId: thread.id, parentJobId: turn.job.id, messageId: null, kind: 'subagent', title: 'Find sources' })
      expect(await context.store.getThread(ALICE, thread.id)).toEqual(before)
      expect(await context.store.listMessages(ALICE, thread.id)).toEqual([turn.userMessage, turn.assistantMessage])
      expect(await context.store.createJob(ALICE, { kind: 'subagent', model: 'm', isDemo: false })).toMatchObject({ title: null, input: null })
    })

    it('answers null for an unknown thread or parent, writing nothing', async () => {
      expect(await context.store.createJob(ALICE, { kind: 'subagent', threadId: crypto.randomUUID(), model: 'm', isDemo: false })).toBeNull()
      expect(await context.store.createJob(ALICE, { kind: 'subagent', parentJobId: crypto.randomUUID(), model: 'm', isDemo: false })).toBeNull()
      expect(await context.store.listJobs(ALICE)).toEqual([])
    })

    it('lists direct children oldest first, and filters listJobs by kinds and parent', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      const create = (parentJobId: string | null, kind: 'subagent' | 'workflow' = 'subagent') =>
        context.store.createJob(ALICE, { kind, parentJobId, model: 'm', isDemo: false })
      const first = await create(turn.job.id)
      context.advanceClock(10)
      const second = await create(turn.job.id, 'workflow')
      const grandchild = await create(first!.id)
      const root = await create(null, 'workflow')
      const ids = (jobs: { id: string }[]) => jobs.map(job => job.id)
      expect(ids(await context.store.listChildJobs(ALICE, turn.job.id))).toEqual([first!.id, second!.id])
      expect(ids(await context.store.listChildJobs(ALICE, first!.id))).toEqual([grandchild!.id])
      expect(await context.store.listChildJobs(ALICE, root!.id)).toEqual([])
      expect(ids(await context.store.listJobs(ALICE, { parentJobId: turn.job.id }))).toEqual([second!.id, first!.id])
      expect(ids(await context.store.listJobs(ALICE, { kinds: ['workflow'] }))).toEqual([root!.id, second!.id])
      expect(ids(await context.store.listJobs(ALICE, { kinds: ['chat', 'workflow'], statuses: ['queued'] }))).toEqual([root!.id, second!.id, turn.job.id])
      expect(ids(await context.store.listJobs(ALICE, { kinds: ['subagent'], parentJobId: first!.id }))).toEqual([grandchild!.id])
      expect(await context.store.listJobs(ALICE, { kinds: [] })).toEqual([])
    })

    it('admits by root jobs only: children are neither counted nor refused', async () => {
      const { turn } = await createThreadWithTurn(context.store, ALICE)
      for (let index = 0; index < 3; index++) {
        expect(await context.store.createJob(ALICE, { kind: 'subagent', parentJobId: turn.job.id, model: 'm', isDemo: false, maxActiveJobsPerUser: 1 }))
          .not.toBeNull()
      }
      const refusedRoot = context.store.createJob(ALICE, { kind: 'workflow', model: 'm', isDemo: false, maxActiveJobsPerUser: 1 })
      await expect(refusedRoot).rejects.toThrow(TooManyActiveJobsError)
      const { thread } = await createThreadWithTurn(context.store, ALICE, 'second thread')
      await expect(context.store.createTurn(ALICE, { threadId: thread.id, content: 'x', model: 'm', isDemo: false, maxActiveJobsPerUser: 2 }))
        .rejects.toThrow(TooManyActiveJobsError)
      expect(await context.store.createJob(ALICE, { kind: 'workflow', model: 'm', isDemo: false, maxActiveJobsPerUser: 3 })).not.toBeNull()
      expect((await context.store.listJobs(ALICE)).length).toBe(6)
    })

    it('deletes the thread\'s jobs and all their descendants, even those outside any thread', async () => {
      const { thread, turn } = await createThreadWithHeldTurn(context.store, ALICE)
      const child = await context.store.createJob(ALICE, { kind: 'subagent', threadId: thread.id, parentJobId: turn.job.id, model: 'm', isDemo: false })
      const grandchild = await context.store.createJob(ALICE, { kind: 'subagent', parentJobId: child!.id, model: 'm', isDemo: false })
      const deeper = await context.store.createJob(ALICE, { kind: 'subagent', parentJobId: grandchild!.id, model: 'm', isDemo: false })
      const unrelated = await context.store.createJob(ALICE, { kind: 'workflow', model: 'm', isDemo: false })
      await holdJob(context.store, deeper!.id)
      await context.store.markJobStreaming(ALICE, deeper!.id, FENCE)
      expect(await context.store.deleteThread(ALICE, thread.id)).toBe(true)
      for (const id of [turn.job.id, child!.id, grandchild!.id, deeper!.id]) expect(await context.store.getJob(ALICE, id)).toBeNull()
      expect((await context.store.listJobs(ALICE)).map(job => job.id)).toEqual([unrelated!.id])
      expect((await context.store.systemListUnfinishedJobs()).map(job => job.id)).toEqual([unrelated!.id])
    })
  })
}
