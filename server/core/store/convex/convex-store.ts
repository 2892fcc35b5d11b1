// The convex store provider: every Store method is one call (or, for cleanup, a few) to the Convex
// functions in convex/, made with the server secret. Ids and timestamps are made here, on the Errand
// server, exactly as the other providers make them. Holds no state of its own; the client does the I/O.
// Threads, messages, turns and the feed are here; jobs and recovery in the files beside it.
import { z } from 'zod'
import { api } from '../../../../convex/_generated/api'
import type { CreatedTurn, Store } from '../ports'
import { workflowResultFromText, workflowResultToText } from '../workflow-result-record'
import { TooManyActiveJobsError, TurnBusyError } from '../ports'
import { type ConvexFunctionClient, convexCalls } from './convex-client'
import { deleteInBatches } from './convex-batched-delete'
import { convexJobMethods, inputJson } from './convex-job-methods'
import { convexJobRecovery } from './convex-job-recovery'
import { type ConvexSubscriber, subscribeJobProgress } from './convex-progress-watch'
import { pollJobProgress } from '../job-progress-polling'
import { convexTraces } from './convex-traces'
import {
  feedSeqFromRecord, jobFromRecord, listedMessageFromRecord, messageFromRecord, threadFromRecord, threadSummaryFromRecord, userEventFromRecord,
} from './convex-records'
import type { JobRecord } from '../../../../convex/lib/jobRecords'
import type { MessageRecord } from '../../../../convex/lib/messageRecords'

export type { ConvexFunctionClient } from './convex-client'
export type { ConvexSubscriber } from './convex-progress-watch'

/** How the convex provider reaches the deployment. */
export interface ConvexStoreOptions {
  client: ConvexFunctionClient
  /** The deployment's ERRAND_CONVEX_SECRET; every function refuses calls without it. */
  secret: string
  /**
   * Opens the WebSocket client progress watches subscribe through (called once, on the first watch);
   * without it, watches poll.
   */
  openSubscriber?: () => ConvexSubscriber
}

/** What the turn-making functions return. */
type TurnResult =
  | { outcome: 'created', userMessage: MessageRecord, assistantMessage: MessageRecord, job: JobRecord }
  | { outcome: 'threadNotFound' | 'notFound' }
  | { outcome: 'tooManyActiveJobs', limit: number }
  | { outcome: 'turnBusy' }

/** The created turn of a turn-making function, null when nothing was found, or its refusal thrown. */
function turnFromResult(result: TurnResult): CreatedTurn | null {
  switch (result.outcome) {
    case 'created':
      return {
        userMessage: messageFromRecord(result.userMessage),
        assistantMessage: messageFromRecord(result.assistantMessage),
        job: jobFromRecord(result.job),
      }
    case 'tooManyActiveJobs': throw new TooManyActiveJobsError(result.limit)
    case 'turnBusy': throw new TurnBusyError()
    default: return null
  }
}

/** A Store whose state lives in a Convex deployment (or a convex-test instance). */
export function createConvexStore(options: ConvexStoreOptions): Store {
  const client = convexCalls(options.client, options.secret)
  const jobMethods = convexJobMethods(client)
  let subscriber: ConvexSubscriber | null = null
  return {
    provider: 'convex',

    async createThread(userId, input) {
      return threadFromRecord(await client.mutation(api.threads.create, { userId, threadId: crypto.randomUUID(), title: input.title, now: Date.now() }))
    },

    async getThread(userId, threadId) {
      const record = await client.query(api.threads.get, { userId, threadId })
      return record ? threadFromRecord(record) : null
    },

    async listThreads(userId) {
      return (await client.query(api.threads.list, { userId })).map(threadSummaryFromRecord)
    },

    async updateThread(userId, threadId, patch) {
      const record = await client.mutation(api.threads.update, {
        userId, threadId, title: patch.title, disabledTools: patch.disabledTools, enabledTools: patch.enabledTools,
        model: patch.model, now: Date.now(),
      })
      return record ? threadFromRecord(record) : null
    },

    async deleteThread(userId, threadId) {
      return z.boolean().parse(await client.mutation(api.threads.remove, { userId, threadId, now: Date.now() }))
    },

    async listMessages(userId, threadId) {
      return (await client.query(api.messages.list, { userId, threadId })).map(listedMessageFromRecord)
    },

    async createTurn(userId, input) {
      return turnFromResult(await client.mutation(api.backgroundJobs.create, {
        userId, threadId: input.threadId, content: input.content, model: input.model, isDemo: input.isDemo,
        kind: input.kind ?? 'chat', title: input.title ?? null, inputJson: inputJson(input.input),
        maxActiveJobsPerUser: input.maxActiveJobsPerUser, attachmentsJson: JSON.stringify(input.attachments ?? []),
        userMessageId: crypto.randomUUID(), assistantMessageId: crypto.randomUUID(), jobId: crypto.randomUUID(), now: Date.now(),
      }))
    },

    async regenerateTurn(userId, assistantMessageId, input) {
      return turnFromResult(await client.mutation(api.turns.regenerate, {
        userId, messageId: assistantMessageId, model: input.model, isDemo: input.isDemo,
        maxActiveJobsPerUser: input.maxActiveJobsPerUser, jobId: crypto.randomUUID(), now: Date.now(),
      }))
    },

    async editTurn(userId, userMessageId, input) {
      return turnFromResult(await client.mutation(api.turns.edit, {
        userId, messageId: userMessageId, content: input.content, model: input.model, isDemo: input.isDemo,
        maxActiveJobsPerUser: input.maxActiveJobsPerUser, assistantMessageId: crypto.randomUUID(), jobId: crypto.randomUUID(),
        now: Date.now(),
      }))
    },

    async searchThreads(userId, query, limit) {
      return (await client.query(api.threads.search, { userId, query, limit })).map(threadSummaryFromRecord)
    },

    async listUserEvents(userId, afterSeq, limit) {
      return (await client.query(api.userEvents.list, { userId, afterSeq, limit })).map(userEventFromRecord)
    },

    async latestUserEventSeq(userId) {
      return feedSeqFromRecord(await client.query(api.userEvents.latestSeq, { userId }))
    },

    ...jobMethods,
    watchJobProgress(watch) {
      if (!options.openSubscriber) return pollJobProgress(jobMethods.getJobProgress, watch)
      subscriber ??= options.openSubscriber()
      return subscribeJobProgress(subscriber, options.secret, watch)
    },
    ...convexJobRecovery(client),
    ...convexTraces(client),
    async getWorkflowResult(userId, key) {
      const text = z.string().nullable().parse(await client.query(api.workflowResults.get, { userId, key }))
      return text === null ? null : workflowResultFromText(text)
    },
    async putWorkflowResult(userId, key, value) {
      await client.mutation(api.workflowResults.put, { userId, key, value: workflowResultToText(value), now: Date.now() })
    },
    systemDeleteWorkflowResultsBefore(cutoff) {
      return deleteInBatches(() => client.mutation(api.workflowResults.deleteBefore, { cutoff }))
    },

    async close() {
      await subscriber?.close?.()
      subscriber = null
    },
  }
}
