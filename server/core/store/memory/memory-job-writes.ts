// The writes to a running job in the memory store, each fenced by the lease (LeaseLostError unless the
// fence's owner holds it; terminal jobs ignore the write), the stop request from any instance, and the
// unfenced mark that a job's result was collected (first time kept).
// JavaScript runs one synchronous body at a time, so each check and its write are atomic.
import type { Job } from '#shared/types/job'
import { type LeaseFence, LeaseLostError, type Store } from '../ports'
import { pollJobProgress } from '../job-progress-polling'
import { abortRequestAction, fencedWriteVerdict } from '../../../../shared/rules/job-fence-rules'
import { SEQ_EPOCH_GAP } from '../../../../shared/rules/job-seq-rules'
import { jobFeedBody } from '../../../../shared/rules/user-feed-records'
import { appendMemoryText, memoryJobProgress, writeMemoryToolCalls } from './memory-job-output'
import { finishMemoryJob, type MemoryTables, ownedJob } from './memory-tables'

type MemoryJobWriteMethods = Pick<Store,
  'markJobStreaming' | 'appendJobContent' | 'appendToolCall' | 'upsertToolCalls' | 'updateJobMetadata' | 'finishJob'
  | 'saveCheckpoint' | 'requestJobAbort' | 'markJobResultRead' | 'getJobProgress' | 'watchJobProgress'>

/** Builds the fenced job writes and the stop request over the memory store's tables. */
export function createMemoryJobWrites(tables: MemoryTables): MemoryJobWriteMethods {
  /** The job to write; null when the write is ignored (terminal job); throws when the lease is not held. */
  const fenced = (userId: string, jobId: string, fence: LeaseFence): Job | null => {
    const job = ownedJob(tables, userId, jobId) ?? null
    const verdict = fencedWriteVerdict(job, fence.owner)
    if (verdict === 'lost') throw new LeaseLostError(jobId)
    return verdict === 'write' ? job : null
  }

  const readProgress = async (userId: string, jobId: string, afterSeq: number) => {
    const job = ownedJob(tables, userId, jobId)
    return job ? memoryJobProgress(tables, job, afterSeq) : null
  }

  return {
    async markJobStreaming(userId, jobId, fence) {
      const job = fenced(userId, jobId, fence)
      if (job?.status !== 'queued') return
      const now = Date.now()
      Object.assign(job, { status: 'streaming', startedAt: now, updatedAt: now })
      const message = job.messageId === null ? undefined : tables.messages.get(job.messageId)
      if (message) message.status = 'streaming'
      tables.feed.record(userId, jobFeedBody(job), now)
    },

    async appendJobContent(userId, jobId, append, fence) {
      const job = fenced(userId, jobId, fence)
      if (!job) return
      appendMemoryText(tables, job, append.text, append.lastSeq)
      job.chunksReceived += append.chunks
      job.lastSeq = Math.max(job.lastSeq, append.lastSeq)
      job.updatedAt = Date.now()
    },

    async appendToolCall(userId, jobId, toolCall, fence) {
      const job = fenced(userId, jobId, fence)
      if (!job) return
      writeMemoryToolCalls(tables, job, [toolCall], job.lastSeq)
      job.updatedAt = Date.now()
    },

    async upsertToolCalls(userId, jobId, upsert, fence) {
      const job = fenced(userId, jobId, fence)
      if (!job) return
      writeMemoryToolCalls(tables, job, upsert.toolCalls, upsert.seq)
      job.lastSeq = Math.max(job.lastSeq, upsert.seq)
      job.updatedAt = Date.now()
    },

    getJobProgress: readProgress,

    watchJobProgress(watch) {
      return pollJobProgress(readProgress, watch)
    },

    async updateJobMetadata(userId, jobId, patch, fence) {
      const job = fenced(userId, jobId, fence)
      if (!job) return
      if (patch.usage !== undefined) job.usage = structuredClone(patch.usage)
      if (patch.toolRounds !== undefined) job.toolRounds = structuredClone(patch.toolRounds)
      if (patch.lastSeq !== undefined) job.lastSeq = patch.lastSeq
      job.updatedAt = Date.now()
    },

    async finishJob(userId, jobId, input, fence) {
      const job = fenced(userId, jobId, fence)
      if (job) finishMemoryJob(tables, job, input.status, input.error ?? null, input.lastSeq)
    },

    async saveCheckpoint(userId, jobId, checkpoint, fence) {
      const job = fenced(userId, jobId, fence)
      if (!job) return
      job.checkpoint = structuredClone(checkpoint)
      job.updatedAt = Date.now()
    },

    async requestJobAbort(userId, jobId, now) {
      const job = ownedJob(tables, userId, jobId)
      if (!job) return 'not_found'
      const action = abortRequestAction(job, now)
      if (action === 'terminal') return 'terminal'
      if (action === 'finish') {
        finishMemoryJob(tables, job, 'aborted', null, job.lastSeq + SEQ_EPOCH_GAP)
        return 'finished'
      }
      job.abortRequestedAt = now
      return 'requested'
    },

    async markJobResultRead(userId, jobId, at) {
      const job = ownedJob(tables, userId, jobId)
      if (!job) return false
      job.resultReadAt ??= at
      return true
    },
  }
}
