// The memory store provider: threads, messages and jobs in Maps, for tests and throw-away runs.
// Everything is lost when the process ends. Rows are cloned on the way in and out, so callers can
// never change a stored row by mutating what they passed or received. Leases and rewinds: memory-job-recovery.ts.
import { ACTIVE_JOB_STATUSES, isTerminalStatus, type Job, type JobStatus } from '#shared/types/job'
import type { Message, Thread } from '#shared/types/thread'
import { upsertToolCall } from '#shared/utils/apply-job-event'
import { type Store, TooManyActiveJobsError } from '../ports'
import { UNFINISHED_JOB_STATUSES } from '../../../../shared/rules/job-recovery-rules'
import { buildThread, buildTurn, withLiveJobOutput } from '../store-records'
import { titleAfterTurn } from '../../../../shared/rules/thread-title'
import { createMemoryJobRecovery } from './memory-job-recovery'

/** Newest first by `timestamp`; rows with the same timestamp newest-inserted first. */
function newestFirst<Row>(rows: Row[], timestamp: (row: Row) => number): Row[] {
  return rows.reverse().sort((a, b) => timestamp(b) - timestamp(a))
}

/** Creates an empty Map-based store. */
export function createMemoryStore(): Store {
  const threads = new Map<string, Thread>()
  const messages = new Map<string, Message>()
  const jobs = new Map<string, Job>()

  const ownedThread = (userId: string, threadId: string): Thread | undefined => {
    const thread = threads.get(threadId)
    return thread?.userId === userId ? thread : undefined
  }
  const ownedJob = (userId: string, jobId: string): Job | undefined => {
    const job = jobs.get(jobId)
    return job?.userId === userId ? job : undefined
  }
  /** The user's job while it can still change; undefined for unknown, foreign or terminal jobs. */
  const changeableJob = (userId: string, jobId: string): Job | undefined => {
    const job = ownedJob(userId, jobId)
    return job && !isTerminalStatus(job.status) ? job : undefined
  }
  const jobsWhere = (predicate: (job: Job) => boolean): Job[] => [...jobs.values()].filter(predicate)
  const isActive = (job: Job): boolean => (ACTIVE_JOB_STATUSES as readonly JobStatus[]).includes(job.status)

  return {
    provider: 'memory',
    ...createMemoryJobRecovery({ jobs, messages }),

    async createThread(userId, input) {
      const thread = buildThread(userId, input.title, Date.now())
      threads.set(thread.id, structuredClone(thread))
      return thread
    },

    async getThread(userId, threadId) {
      const thread = ownedThread(userId, threadId)
      return thread ? structuredClone(thread) : null
    },

    async listThreads(userId) {
      const owned = newestFirst([...threads.values()].filter(thread => thread.userId === userId), thread => thread.updatedAt)
      return owned.map((thread) => {
        const active = newestFirst(
          jobsWhere(job => job.threadId === thread.id && isActive(job)),
          job => job.createdAt,
        )[0]
        return { ...structuredClone(thread), activeJobId: active?.id ?? null }
      })
    },

    async updateThread(userId, threadId, patch) {
      const thread = ownedThread(userId, threadId)
      if (!thread) return null
      if (patch.title !== undefined) thread.title = patch.title
      if (patch.disabledTools !== undefined) thread.disabledTools = [...patch.disabledTools]
      thread.updatedAt = Date.now()
      return structuredClone(thread)
    },

    async deleteThread(userId, threadId) {
      if (!ownedThread(userId, threadId)) return false
      for (const message of [...messages.values()]) if (message.threadId === threadId) messages.delete(message.id)
      for (const job of jobsWhere(job => job.threadId === threadId)) jobs.delete(job.id)
      threads.delete(threadId)
      return true
    },

    async listMessages(userId, threadId) {
      if (!ownedThread(userId, threadId)) return []
      const inThread = [...messages.values()].filter(message => message.threadId === threadId)
      return inThread
        .sort((a, b) => a.createdAt - b.createdAt)
        .map(message => structuredClone(withLiveJobOutput(message, message.jobId ? jobs.get(message.jobId) ?? null : null)))
    },

    async createTurn(userId, input) {
      const thread = ownedThread(userId, input.threadId)
      if (!thread) return null
      const limit = input.maxActiveJobsPerUser
      if (limit !== undefined && jobsWhere(job => job.userId === userId && isActive(job)).length >= limit) {
        throw new TooManyActiveJobsError(limit)
      }
      const now = Date.now()
      const turn = buildTurn(thread, input, now)
      messages.set(turn.userMessage.id, structuredClone(turn.userMessage))
      messages.set(turn.assistantMessage.id, structuredClone(turn.assistantMessage))
      jobs.set(turn.job.id, structuredClone(turn.job))
      thread.title = titleAfterTurn(thread.title, input.content)
      thread.updatedAt = now
      return turn
    },

    async getJob(userId, jobId) {
      const job = ownedJob(userId, jobId)
      return job ? structuredClone(job) : null
    },

    async listJobs(userId, filter = {}) {
      const matching = jobsWhere(job => job.userId === userId
        && (filter.threadId === undefined || job.threadId === filter.threadId)
        && (filter.statuses === undefined || filter.statuses.includes(job.status)))
      return structuredClone(newestFirst(matching, job => job.createdAt))
    },

    async markJobStreaming(userId, jobId) {
      const job = ownedJob(userId, jobId)
      if (job?.status !== 'queued') return
      const now = Date.now()
      Object.assign(job, { status: 'streaming', startedAt: now, updatedAt: now })
      const message = messages.get(job.messageId)
      if (message) message.status = 'streaming'
    },

    async appendJobContent(userId, jobId, append) {
      const job = changeableJob(userId, jobId)
      if (!job) return
      job.content += append.text
      job.chunksReceived += append.chunks
      job.lastSeq = append.lastSeq
      job.updatedAt = Date.now()
    },

    async appendToolCall(userId, jobId, toolCall) {
      const job = changeableJob(userId, jobId)
      if (!job) return
      job.toolCalls = upsertToolCall(job.toolCalls, structuredClone(toolCall))
      job.updatedAt = Date.now()
    },

    async updateJobMetadata(userId, jobId, patch) {
      const job = changeableJob(userId, jobId)
      if (!job) return
      if (patch.usage !== undefined) job.usage = structuredClone(patch.usage)
      if (patch.toolRounds !== undefined) job.toolRounds = structuredClone(patch.toolRounds)
      if (patch.lastSeq !== undefined) job.lastSeq = patch.lastSeq
      job.updatedAt = Date.now()
    },

    async finishJob(userId, jobId, input) {
      const job = changeableJob(userId, jobId)
      if (!job) return
      const now = Date.now()
      Object.assign(job, {
        status: input.status, error: input.error ?? null, lastSeq: input.lastSeq, finishedAt: now, updatedAt: now,
        leaseOwner: null, leaseExpiresAt: null,
      })
      const message = messages.get(job.messageId)
      if (message) {
        Object.assign(message, structuredClone({
          content: job.content, status: job.status, error: job.error, toolCalls: job.toolCalls, usage: job.usage,
        }))
      }
      const thread = threads.get(job.threadId)
      if (thread) thread.updatedAt = now
    },

    async saveCheckpoint(userId, jobId, checkpoint) {
      const job = changeableJob(userId, jobId)
      if (!job) return
      job.checkpoint = structuredClone(checkpoint)
      job.updatedAt = Date.now()
    },

    async systemDeleteFinishedJobs(cutoff) {
      const expired = jobsWhere(job => isTerminalStatus(job.status) && job.finishedAt !== null && job.finishedAt < cutoff)
      for (const job of expired) jobs.delete(job.id)
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
    },
  }
}
