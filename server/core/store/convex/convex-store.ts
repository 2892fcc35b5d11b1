// The convex store provider: every Store method is one call (or, for cleanup, a few) to the Convex
// functions in convex/, made with the server secret. Ids and timestamps are made here, on the Errand
// server, exactly as the other providers make them. Holds no state of its own; the client does the I/O.
import type { FunctionArgs, FunctionReference, FunctionReturnType } from 'convex/server'
import { api } from '../../../../convex/_generated/api'
import { type Store, TooManyActiveJobsError } from '../ports'
import { jobFromRecord, listedMessageFromRecord, messageFromRecord } from './convex-records'

/**
 * What the provider needs of a Convex client: `ConvexHttpClient` in production, a `convex-test`
 * instance in tests. Deliberately loose, so both fit; `typedCalls` restores the types per function.
 */
export interface ConvexFunctionClient {
  query(query: FunctionReference<'query'>, args: Record<string, unknown>): Promise<unknown>
  mutation(mutation: FunctionReference<'mutation'>, args: Record<string, unknown>): Promise<unknown>
}

/** The client's calls typed by the generated `api`: arguments checked, results as the function declares. */
function typedCalls(client: ConvexFunctionClient) {
  return {
    query: <Query extends FunctionReference<'query'>>(query: Query, args: FunctionArgs<Query>) =>
      client.query(query, args) as Promise<FunctionReturnType<Query>>,
    mutation: <Mutation extends FunctionReference<'mutation'>>(mutation: Mutation, args: FunctionArgs<Mutation>) =>
      client.mutation(mutation, args) as Promise<FunctionReturnType<Mutation>>,
  }
}

/** How the convex provider reaches the deployment. */
export interface ConvexStoreOptions {
  client: ConvexFunctionClient
  /** The deployment's ERRAND_CONVEX_SECRET; every function refuses calls without it. */
  secret: string
}

/** A Store whose state lives in a Convex deployment (or a convex-test instance). */
export function createConvexStore(options: ConvexStoreOptions): Store {
  const { secret } = options
  const client = typedCalls(options.client)
  return {
    provider: 'convex',

    async createThread(userId, input) {
      return client.mutation(api.threads.create, { secret, userId, threadId: crypto.randomUUID(), title: input.title, now: Date.now() })
    },

    async getThread(userId, threadId) {
      return client.query(api.threads.get, { secret, userId, threadId })
    },

    async listThreads(userId) {
      return client.query(api.threads.list, { secret, userId })
    },

    async updateThread(userId, threadId, patch) {
      return client.mutation(api.threads.update, {
        secret, userId, threadId, title: patch.title, disabledTools: patch.disabledTools, now: Date.now(),
      })
    },

    async deleteThread(userId, threadId) {
      return client.mutation(api.threads.remove, { secret, userId, threadId })
    },

    async listMessages(userId, threadId) {
      return (await client.query(api.messages.list, { secret, userId, threadId })).map(listedMessageFromRecord)
    },

    async createTurn(userId, input) {
      const result = await client.mutation(api.backgroundJobs.create, {
        secret, userId, threadId: input.threadId, content: input.content, model: input.model, isDemo: input.isDemo,
        kind: input.kind ?? 'chat', maxActiveJobsPerUser: input.maxActiveJobsPerUser,
        userMessageId: crypto.randomUUID(), assistantMessageId: crypto.randomUUID(), jobId: crypto.randomUUID(), now: Date.now(),
      })
      if (result.outcome === 'threadNotFound') return null
      if (result.outcome === 'tooManyActiveJobs') throw new TooManyActiveJobsError(result.limit)
      return {
        userMessage: messageFromRecord(result.userMessage),
        assistantMessage: messageFromRecord(result.assistantMessage),
        job: jobFromRecord(result.job),
      }
    },

    async getJob(userId, jobId) {
      const record = await client.query(api.backgroundJobs.get, { secret, userId, jobId })
      return record ? jobFromRecord(record) : null
    },

    async listJobs(userId, filter = {}) {
      const records = await client.query(api.backgroundJobs.list, { secret, userId, statuses: filter.statuses, threadId: filter.threadId })
      return records.map(jobFromRecord)
    },

    async markJobStreaming(userId, jobId) {
      await client.mutation(api.backgroundJobs.markStreaming, { secret, userId, jobId, now: Date.now() })
    },

    async appendJobContent(userId, jobId, append) {
      await client.mutation(api.jobProgress.updateContent, { secret, userId, jobId, ...append, now: Date.now() })
    },

    async appendToolCall(userId, jobId, toolCall) {
      await client.mutation(api.jobProgress.appendToolCall, { secret, userId, jobId, toolCallJson: JSON.stringify(toolCall), now: Date.now() })
    },

    async updateJobMetadata(userId, jobId, patch) {
      await client.mutation(api.jobProgress.updateMetadata, { secret, userId, jobId, ...patch, now: Date.now() })
    },

    async finishJob(userId, jobId, input) {
      await client.mutation(api.backgroundJobs.finish, {
        secret, userId, jobId, status: input.status, error: input.error ?? null, lastSeq: input.lastSeq, now: Date.now(),
      })
    },

    async saveCheckpoint(userId, jobId, checkpoint) {
      await client.mutation(api.jobProgress.saveCheckpoint, {
        secret, userId, jobId, checkpointJson: JSON.stringify(checkpoint), now: Date.now(),
      })
    },

    async systemDeleteFinishedJobs(cutoff) {
      let deleted = 0
      for (;;) {
        const batch = await client.mutation(api.jobHousekeeping.cleanup, { secret, cutoff })
        deleted += batch.deleted
        if (batch.done) return deleted
      }
    },

    async systemListUnfinishedJobs() {
      return (await client.query(api.jobHousekeeping.listUnfinished, { secret })).map(jobFromRecord)
    },

    async claimJobLease(jobId, owner, expiresAt, now) {
      const record = await client.mutation(api.jobLeases.claim, { secret, jobId, owner, expiresAt, now })
      return record ? jobFromRecord(record) : null
    },

    async renewJobLease(jobId, owner, expiresAt) {
      return client.mutation(api.jobLeases.renew, { secret, jobId, owner, expiresAt })
    },

    async releaseJobLease(jobId, owner) {
      await client.mutation(api.jobLeases.release, { secret, jobId, owner })
    },

    async systemListClaimableJobs(now) {
      return (await client.query(api.jobLeases.listClaimable, { secret, now })).map(jobFromRecord)
    },

    async rewindJobToCheckpoint(jobId, owner) {
      const record = await client.mutation(api.jobLeases.rewind, { secret, jobId, owner, now: Date.now() })
      return record ? jobFromRecord(record) : null
    },

    async close() {},
  }
}
