// The per-user live feed (GET /api/events): what changed among a user's threads and jobs, as the store
// records it inside the same write, so every instance and every open tab can follow. Ids, kinds,
// statuses and titles only — never message text. Producing and streaming them is the store's and the
// feed service's job.
import { z } from 'zod'
import { jobKindSchema, jobStatusSchema } from './job'

export const userFeedThreadSchema = z.object({
  id: z.string(),
  title: z.string(),
  updatedAt: z.number(),
})

export const userFeedJobSchema = z.object({
  id: z.string(),
  kind: jobKindSchema,
  status: jobStatusSchema,
  threadId: z.string().nullable(),
  messageId: z.string().nullable(),
  parentJobId: z.string().nullable(),
  title: z.string().nullable(),
})

export const userFeedEventBodySchema = z.discriminatedUnion('type', [
  /** A thread was created or renamed (or its settings changed). */
  z.object({ type: z.literal('thread'), thread: userFeedThreadSchema }),
  z.object({ type: z.literal('thread_deleted'), threadId: z.string() }),
  /** A job was queued, started or finished: its status says which. */
  z.object({ type: z.literal('job'), job: userFeedJobSchema }),
])
export type UserFeedEventBody = z.infer<typeof userFeedEventBodySchema>

/** A recorded feed event: `seq` grows per user (gaps allowed) and is the SSE id. */
export const userFeedEventSchema = z.intersection(userFeedEventBodySchema, z.object({
  seq: z.number().int().positive(),
  at: z.number(),
}))
export type UserFeedEvent = z.infer<typeof userFeedEventSchema>
