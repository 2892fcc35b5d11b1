// The memory store provider: threads, messages, jobs and the per-user feed in Maps, for tests and
// throw-away runs. Everything is lost when the process ends. Rows are cloned on the way in and out, so
// callers can never change a stored row by mutating what they passed or received. Job writes:
// memory-job-writes.ts; leases and rewinds: memory-job-recovery.ts; regenerate/edit/search: memory-turn-restart.ts.
import { isTerminalStatus, type Job, type JobStatus } from '#shared/types/job'
import type { Store } from '../ports'
import { UNFINISHED_JOB_STATUSES } from '../../../../shared/rules/job-recovery-rules'
import { titleAfterTurn } from '../../../../shared/rules/thread-title'
import { jobFeedBody, threadDeletedFeedBody, threadFeedBody } from '../../../../shared/rules/user-feed-records'
import { buildDetachedJob, buildThread, buildTurn, withLiveJobOutput } from '../store-records'
import { createMemoryJobRecovery } from './memory-job-recovery'
import { createMemoryJobWrites } from './memory-job-writes'
import {
  admitRootJob, createMemoryTables, deleteJobTraces, deleteJobTrees, memoryThreadSummary, newestFirst, ownedJob, ownedThread, threadMessages,
} from './memory-tables'
import { createMemoryTraces } from './memory-traces'
import { createMemoryTurnRestart } from './memory-turn-restart'
import { createMemoryWorkflowResults } from './memory-workflow-results'

/** Creates an empty Map-based store. */
export function createMemoryStore(): Store {
  const tables = createMemoryTables()
  const { threads, messages, jobs, feed } = tables
  const jobsWhere = (predicate: (job: Job) => boolean): Job[] => [...jobs.values()].filter(predicate)

  return {
    provider: 'memory',
    ...createMemoryJobRecovery(tables),
    ...createMemoryJobWrites(tables),
    ...createMemoryTurnRestart(tables),
    ...createMemoryTraces(tables),
    ...createMemoryWorkflowResults(),

    async createThread(userId, input) {
      const thread = buildThread(userId, input.title, Date.now())
      threads.set(thread.id, structuredClone(thread))
      feed.record(userId, threadFeedBody(thread), thread.createdAt)
      return thread
    },

    async getThread(userId, threadId) {
      const thread = ownedThread(tables, userId, threadId)
      return thread ? structuredClone(thread) : null
    },

    async listThreads(userId) {
      const owned = newestFirst([...threads.values()].filter(thread => thread.userId === userId), thread => thread.updatedAt)
      return owned.map(thread => memoryThreadSummary(tables, thread))
    },

    async updateThread(userId, threadId, patch) {
      const thread = ownedThread(tables, userId, threadId)
      if (!thread) return null
      if (patch.title !== undefined) thread.title = patch.title
      if (patch.disabledTools !== undefined) thread.disabledTools = [...patch.disabledTools]
      if (patch.enabledTools !== undefined) thread.enabledTools = [...patch.enabledTools]
      if (patch.model !== undefined) thread.model = patch.model
      thread.updatedAt = Date.now()
      feed.record(userId, threadFeedBody(thread), thread.updatedAt)
      return structuredClone(thread)
    },

    async deleteThread(userId, threadId) {
      if (!ownedThread(tables, userId, threadId)) return false
      for (const message of threadMessages(tables, threadId)) messages.delete(message.id)
      deleteJobTrees(tables, jobsWhere(job => job.threadId === threadId).map(job => job.id))
      threads.delete(threadId)
      feed.record(userId, threadDeletedFeedBody(threadId), Date.now())
      return true
    },

    async listMessages(userId, threadId) {
      if (!ownedThread(tables, userId, threadId)) return []
      return threadMessages(tables, threadId)
        .map(message => structuredClone(withLiveJobOutput(message, message.jobId ? jobs.get(message.jobId) ?? null : null)))
    },

    async createTurn(userId, input) {
      const thread = ownedThread(tables, userId, input.threadId)
      if (!thread) return null
      admitRootJob(tables, userId, input.maxActiveJobsPerUser)
      const now = Date.now()
      const turn = buildTurn(thread, input, now)
      messages.set(turn.userMessage.id, structuredClone(turn.userMessage))
      messages.set(turn.assistantMessage.id, structuredClone(turn.assistantMessage))
      jobs.set(turn.job.id, structuredClone(turn.job))
      thread.title = titleAfterTurn(thread.title, input.content)
      thread.updatedAt = now
      feed.record(userId, threadFeedBody(thread), now)
      feed.record(userId, jobFeedBody(turn.job), now)
      return turn
    },

    async createJob(userId, input) {
      if (input.threadId != null && !ownedThread(tables, userId, input.threadId)) return null
      if (input.parentJobId != null && !ownedJob(tables, userId, input.parentJobId)) return null
      if (input.parentJobId == null) admitRootJob(tables, userId, input.maxActiveJobsPerUser)
      const job = buildDetachedJob(userId, input, Date.now())
      jobs.set(job.id, structuredClone(job))
      feed.record(userId, jobFeedBody(job), job.createdAt)
      return job
    },

    async listChildJobs(userId, parentJobId) {
      const children = jobsWhere(job => job.userId === userId && job.parentJobId === parentJobId)
      return structuredClone(children.sort((a, b) => a.createdAt - b.createdAt))
    },

    async getJob(userId, jobId) {
      const job = ownedJob(tables, userId, jobId)
      return job ? structuredClone(job) : null
    },

    async listJobs(userId, filter = {}) {
      const matching = jobsWhere(job => job.userId === userId
        && (filter.threadId === undefined || job.threadId === filter.threadId)
        && (filter.parentJobId === undefined || job.parentJobId === filter.parentJobId)
        && (filter.kinds === undefined || filter.kinds.includes(job.kind))
        && (filter.statuses === undefined || filter.statuses.includes(job.status)))
      return structuredClone(newestFirst(matching, job => job.createdAt))
    },

    async listUserEvents(userId, afterSeq, limit) {
      return feed.list(userId, afterSeq, limit)
    },

    async latestUserEventSeq(userId) {
      return feed.latestSeq(userId)
    },

    async systemDeleteFinishedJobs(cutoff) {
      const expired = jobsWhere(job => isTerminalStatus(job.status) && job.finishedAt !== null && job.finishedAt < cutoff)
      for (const job of expired) jobs.delete(job.id)
      deleteJobTraces(tables, new Set(expired.map(job => job.id)))
      feed.deleteBefore(cutoff)
      return expired.length
    },

    async systemListUnfinishedJobs() {
      const unfinished = jobsWhere(job => (UNFINISHED_JOB_STATUSES as readonly JobStatus[]).includes(job.status))
      return structuredClone(unfinished.sort((a, b) => a.createdAt - b.createdAt))
    },

    async close() {
      threads.clear()
      messages.clear()
      jobs.clear()
      tables.traces.clear()
      tables.outputs.clear()
      feed.clear()
    },
  }
}
