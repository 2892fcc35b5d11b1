// Turns the records the Convex functions return into the shared types, validated with the shared zod
// schemas: tool calls, checkpoints and a kind's input travel as JSON strings (model-made JSON may hold
// keys Convex values cannot carry) and are parsed here, in one place. No calls to Convex here.
import { z } from 'zod'
import { jobSchema, type Job } from '#shared/types/job'
import { jobProgressSchema, type JobProgress } from '#shared/types/job-progress'
import { messageSchema, threadSchema, threadSummarySchema, type Message, type Thread, type ThreadSummary } from '#shared/types/thread'
import { userFeedEventSchema, type UserFeedEvent } from '#shared/types/user-event'
import type { JobRecord } from '../../../../convex/lib/jobRecords'
import type { MessageRecord } from '../../../../convex/lib/messageRecords'
import type { ListedMessageRecord } from '../../../../convex/messages'
import type { AbortRequestOutcome, LeaseRenewal } from '../ports'
import { withLiveJobOutput } from '../store-records'

const parseJson = (json: string | null): unknown => (json === null ? null : JSON.parse(json))
const progressRecordSchema = jobProgressSchema.omit({ toolCalls: true }).extend({ toolCallsJson: z.string() })

/** The job a Convex job record holds. */
export function jobFromRecord(record: JobRecord): Job {
  const { toolCallsJson, checkpointJson, inputJson, ...fields } = record
  return jobSchema.parse({ ...fields, toolCalls: parseJson(toolCallsJson), checkpoint: parseJson(checkpointJson), input: parseJson(inputJson) })
}

/** The progress `jobWatch.since` returns (its tool calls as JSON). */
export function progressFromRecord(record: unknown): JobProgress {
  const { toolCallsJson, ...fields } = progressRecordSchema.parse(record)
  return jobProgressSchema.parse({ ...fields, toolCalls: parseJson(toolCallsJson) })
}

/** The message a Convex message record holds, as stored. */
export function messageFromRecord(record: MessageRecord): Message {
  const { toolCallsJson, attachmentsJson, ...fields } = record
  return messageSchema.parse({ ...fields, toolCalls: parseJson(toolCallsJson), attachments: parseJson(attachmentsJson) })
}

/** A listed message as a reader should see it: with the live output of its unfinished job. */
export function listedMessageFromRecord(listed: ListedMessageRecord): Message {
  const message = messageFromRecord(listed.message)
  if (listed.liveJob === null) return message
  const { toolCallsJson, ...output } = listed.liveJob
  return messageSchema.parse(withLiveJobOutput(message, { ...output, toolCalls: messageSchema.shape.toolCalls.parse(parseJson(toolCallsJson)) }))
}

/** A thread as a Convex function returns it. */
export const threadFromRecord = (record: unknown): Thread => threadSchema.parse(record)

/** A sidebar thread as a Convex function returns it. */
export const threadSummaryFromRecord = (record: unknown): ThreadSummary => threadSummarySchema.parse(record)

/** A feed event as a Convex function returns it. */
export const userEventFromRecord = (record: unknown): UserFeedEvent => userFeedEventSchema.parse(record)

const leaseRenewalSchema = z.object({ lost: z.array(z.string()), abortRequested: z.array(z.string()) })
const abortOutcomeSchema = z.enum(['finished', 'requested', 'terminal', 'not_found'])
const feedSeqSchema = z.number().int().nonnegative()

/** The heartbeat's answer as `jobLeases.renew` returns it. */
export const leaseRenewalFromRecord = (record: unknown): LeaseRenewal => leaseRenewalSchema.parse(record)

/** What `jobAborts.request` did. */
export const abortOutcomeFromRecord = (record: unknown): AbortRequestOutcome => abortOutcomeSchema.parse(record)

/** What `jobResults.markRead` answered (false: unknown or another user's job). */
export const resultReadFromRecord = (record: unknown): boolean => z.boolean().parse(record)

/** A feed seq as `userEvents.latestSeq` returns it. */
export const feedSeqFromRecord = (record: unknown): number => feedSeqSchema.parse(record)
