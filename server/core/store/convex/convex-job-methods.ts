// The job methods of the convex provider: jobs without a message, job trees, reads, the lease-fenced
// writes of a running job, stop requests and marking a result collected. Each is one call to a function in convex/; ids and times
// are made here, records validated by convex-records.ts. Leases and recovery: convex-job-recovery.ts.
import { api } from '../../../../convex/_generated/api'
import { type Store, TooManyActiveJobsError } from '../ports'
import type { ConvexCalls } from './convex-client'
import { fencedWrite } from './convex-lease-errors'
import { abortOutcomeFromRecord, jobFromRecord, progressFromRecord, resultReadFromRecord } from './convex-records'

/** The Store methods about jobs. */
export type ConvexJobMethods = Pick<Store,
  'createJob' | 'listChildJobs' | 'getJob' | 'listJobs' | 'markJobStreaming' | 'appendJobContent' | 'appendToolCall'
  | 'upsertToolCalls' | 'updateJobMetadata' | 'finishJob' | 'saveCheckpoint' | 'requestJobAbort'
  | 'markJobResultRead' | 'getJobProgress'>

/** A kind's input as the Convex functions take it (JSON, or null). */
export const inputJson = (input: Record<string, unknown> | null | undefined): string | null =>
  input === null || input === undefined ? null : JSON.stringify(input)

export function convexJobMethods(client: ConvexCalls): ConvexJobMethods {
  return {
    async createJob(userId, input) {
      const result = await client.mutation(api.jobTrees.create, {
        userId, jobId: crypto.randomUUID(), kind: input.kind, threadId: input.threadId ?? null, parentJobId: input.parentJobId ?? null,
        model: input.model, isDemo: input.isDemo, title: input.title ?? null, inputJson: inputJson(input.input),
        maxActiveJobsPerUser: input.maxActiveJobsPerUser, now: Date.now(),
      })
      if (result.outcome === 'notFound') return null
      if (result.outcome === 'tooManyActiveJobs') throw new TooManyActiveJobsError(result.limit)
      return jobFromRecord(result.job)
    },

    async listChildJobs(userId, parentJobId) {
      return (await client.query(api.jobTrees.listChildren, { userId, parentJobId })).map(jobFromRecord)
    },

    async getJob(userId, jobId) {
      const record = await client.query(api.backgroundJobs.get, { userId, jobId })
      return record ? jobFromRecord(record) : null
    },

    async listJobs(userId, filter = {}) {
      const records = await client.query(api.backgroundJobs.list, {
        userId, statuses: filter.statuses, threadId: filter.threadId, kinds: filter.kinds, parentJobId: filter.parentJobId,
      })
      return records.map(jobFromRecord)
    },

    async markJobStreaming(userId, jobId, fence) {
      await fencedWrite(jobId, () => client.mutation(api.backgroundJobs.markStreaming, { userId, jobId, owner: fence.owner, now: Date.now() }))
    },

    async appendJobContent(userId, jobId, append, fence) {
      await fencedWrite(jobId, () => client.mutation(api.jobProgress.updateContent, {
        userId, jobId, owner: fence.owner, text: append.text, chunks: append.chunks, lastSeq: append.lastSeq, now: Date.now(),
      }))
    },

    async appendToolCall(userId, jobId, toolCall, fence) {
      await fencedWrite(jobId, () => client.mutation(api.jobProgress.appendToolCall, {
        userId, jobId, owner: fence.owner, toolCallJson: JSON.stringify(toolCall), now: Date.now(),
      }))
    },

    async upsertToolCalls(userId, jobId, upsert, fence) {
      await fencedWrite(jobId, () => client.mutation(api.jobProgress.upsertToolCalls, {
        userId, jobId, owner: fence.owner, toolCallsJson: JSON.stringify(upsert.toolCalls), seq: upsert.seq, now: Date.now(),
      }))
    },

    async getJobProgress(userId, jobId, afterSeq) {
      const record = await client.query(api.jobWatch.since, { userId, jobId, afterSeq })
      return record === null ? null : progressFromRecord(record)
    },

    async updateJobMetadata(userId, jobId, patch, fence) {
      await fencedWrite(jobId, () => client.mutation(api.jobProgress.updateMetadata, {
        userId, jobId, owner: fence.owner, usage: patch.usage, toolRounds: patch.toolRounds, lastSeq: patch.lastSeq, now: Date.now(),
      }))
    },

    async finishJob(userId, jobId, input, fence) {
      await fencedWrite(jobId, () => client.mutation(api.backgroundJobs.finish, {
        userId, jobId, owner: fence.owner, status: input.status, error: input.error ?? null, lastSeq: input.lastSeq, now: Date.now(),
      }))
    },

    async saveCheckpoint(userId, jobId, checkpoint, fence) {
      await fencedWrite(jobId, () => client.mutation(api.jobProgress.saveCheckpoint, {
        userId, jobId, owner: fence.owner, checkpointJson: JSON.stringify(checkpoint), now: Date.now(),
      }))
    },

    async requestJobAbort(userId, jobId, now) {
      return abortOutcomeFromRecord(await client.mutation(api.jobAborts.request, { userId, jobId, now }))
    },

    async markJobResultRead(userId, jobId, at) {
      return resultReadFromRecord(await client.mutation(api.jobResults.markRead, { userId, jobId, at }))
    },
  }
}
