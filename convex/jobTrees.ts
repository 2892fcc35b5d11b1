// Convex functions for jobs that write no assistant message (sub-agents, workflows, test kinds) and
// for job trees: create (optionally in one of the user's threads, optionally under one of the user's
// jobs; admission counts and refuses root jobs only) and listChildren. Running them is the same as
// any job: backgroundJobs.ts, jobProgress.ts, jobLeases.ts.
import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import { admitsRootJob } from './lib/admission'
import { findOwnedJob, jobRecordFromDocument, listChildJobRows, newJobDocument, readJobRecord } from './lib/jobRecords'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'
import { findOwnedThread } from './lib/threadRecords'
import { recordJobEvent } from './lib/userEvents'
import { jobKindValidator, nullable } from './lib/validators'

/** A queued job without a message. `notFound` when the thread or the parent is not the user's. */
export const create = mutation({
  args: {
    ...serverSecretArgs, userId: v.string(), jobId: v.string(), kind: jobKindValidator, threadId: nullable(v.string()),
    parentJobId: nullable(v.string()), model: v.string(), isDemo: v.boolean(), title: nullable(v.string()),
    inputJson: nullable(v.string()), maxActiveJobsPerUser: v.optional(v.number()), now: v.number(),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    if (args.threadId !== null && !await findOwnedThread(context.db, args.userId, args.threadId)) return { outcome: 'notFound' as const }
    if (args.parentJobId !== null && !await findOwnedJob(context.db, args.userId, args.parentJobId)) return { outcome: 'notFound' as const }
    if (args.parentJobId === null && !await admitsRootJob(context.db, args.userId, args.maxActiveJobsPerUser)) {
      return { outcome: 'tooManyActiveJobs' as const, limit: args.maxActiveJobsPerUser ?? 0 }
    }
    const job = newJobDocument({ ...args, messageId: null })
    await context.db.insert('background_jobs', job)
    await recordJobEvent(context.db, job, args.now)
    return { outcome: 'created' as const, job: jobRecordFromDocument(job, '') }
  },
})

/** The job's direct children, oldest first; none when the job is not the user's. */
export const listChildren = query({
  args: { ...serverSecretArgs, userId: v.string(), parentJobId: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    if (!await findOwnedJob(context.db, args.userId, args.parentJobId)) return []
    const children = (await listChildJobRows(context.db, args.parentJobId)).filter(job => job.user_id === args.userId)
    return Promise.all(children.map(job => readJobRecord(context.db, job)))
  },
})
