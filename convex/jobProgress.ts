// Convex functions for the writes a running job makes: updateContent (append streamed text as new
// chunk rows), appendToolCall and upsertToolCalls (one row per call, upserted by id), updateMetadata and
// saveCheckpoint. Each is lease-fenced
// (see lib/jobFence.ts: lease lost → ConvexError, terminal → ignored), and each touches updatedAt.
import { v } from 'convex/values'
import { mutation } from './_generated/server'
import { fencedJobArgs, findFencedJob } from './lib/jobFence'
import { appendJobText } from './lib/jobText'
import { writeJobToolCalls } from './lib/jobToolCalls'
import { parseCheckpoint, parseToolCall, parseToolCalls } from './lib/jsonFields'
import { requireServerSecret } from './lib/serverSecret'
import { toolRoundValidator, usageValidator } from './lib/validators'

/** Appends streamed text: inserts chunk rows, never rewrites the job's earlier text. */
export const updateContent = mutation({
  args: { ...fencedJobArgs, text: v.string(), chunks: v.number(), lastSeq: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findFencedJob(context.db, args)
    if (!job) return null
    const nextChunkIndex = await appendJobText(context.db, job, args.text, args.lastSeq)
    await context.db.patch(job._id, {
      next_chunk_index: nextChunkIndex, chunks_received: job.chunks_received + args.chunks, last_seq: Math.max(job.last_seq, args.lastSeq),
      updated_at: args.now,
    })
    return null
  },
})

/** Inserts the tool call (ToolCallState as JSON), or replaces the one with the same id in place, tagged with the job's lastSeq. */
export const appendToolCall = mutation({
  args: { ...fencedJobArgs, toolCallJson: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findFencedJob(context.db, args)
    if (!job) return null
    const patch = await writeJobToolCalls(context.db, job, [parseToolCall(args.toolCallJson)], job.last_seq)
    await context.db.patch(job._id, { ...patch, updated_at: args.now })
    return null
  },
})

/** Writes several tool calls (ToolCallState[] as JSON) in one step, each its own row tagged `seq`; lastSeq rises to `seq`. */
export const upsertToolCalls = mutation({
  args: { ...fencedJobArgs, toolCallsJson: v.string(), seq: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findFencedJob(context.db, args)
    if (!job) return null
    const patch = await writeJobToolCalls(context.db, job, parseToolCalls(args.toolCallsJson), args.seq)
    await context.db.patch(job._id, { ...patch, last_seq: Math.max(job.last_seq, args.seq), updated_at: args.now })
    return null
  },
})

/** Replaces the metadata fields given; the others stay. */
export const updateMetadata = mutation({
  args: {
    ...fencedJobArgs, usage: v.optional(usageValidator), toolRounds: v.optional(v.array(toolRoundValidator)),
    lastSeq: v.optional(v.number()),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findFencedJob(context.db, args)
    if (!job) return null
    await context.db.patch(job._id, {
      usage: args.usage ?? job.usage, tool_rounds: args.toolRounds ?? job.tool_rounds, last_seq: args.lastSeq ?? job.last_seq,
      updated_at: args.now,
    })
    return null
  },
})

/** Replaces the job's checkpoint (a JobCheckpoint envelope as JSON, checked before it is stored). */
export const saveCheckpoint = mutation({
  args: { ...fencedJobArgs, checkpointJson: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findFencedJob(context.db, args)
    if (!job) return null
    parseCheckpoint(args.checkpointJson)
    await context.db.patch(job._id, { checkpoint: args.checkpointJson, updated_at: args.now })
    return null
  },
})
