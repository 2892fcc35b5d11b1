// Convex functions for the writes a running job makes: updateContent (append streamed text as a new
// chunk row), appendToolCall (upsert by id), updateMetadata, updateWorkflowState and saveCheckpoint.
// Each is a no-op for unknown, foreign or terminal jobs, and each touches updatedAt.
import { v } from 'convex/values'
import { mutation } from './_generated/server'
import type { ToolCallState } from '../shared/types/tool-call'
import { upsertToolCall } from '../shared/utils/apply-job-event'
import { appendJobText } from './lib/jobText'
import { findChangeableJob } from './lib/jobRecords'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'
import { toolRoundValidator, usageValidator } from './lib/validators'

const jobWriteArgs = { ...serverSecretArgs, userId: v.string(), jobId: v.string(), now: v.number() }

/** Appends streamed text: inserts chunk rows, never rewrites the job's earlier text. */
export const updateContent = mutation({
  args: { ...jobWriteArgs, text: v.string(), chunks: v.number(), lastSeq: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findChangeableJob(context.db, args.userId, args.jobId)
    if (!job) return null
    const nextChunkIndex = await appendJobText(context.db, job, args.text)
    await context.db.patch(job._id, {
      next_chunk_index: nextChunkIndex, chunks_received: job.chunks_received + args.chunks, last_seq: args.lastSeq,
      updated_at: args.now,
    })
    return null
  },
})

/** Inserts the tool call (ToolCallState as JSON), or replaces the one with the same id in place. */
export const appendToolCall = mutation({
  args: { ...jobWriteArgs, toolCallJson: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findChangeableJob(context.db, args.userId, args.jobId)
    if (!job) return null
    const toolCalls = upsertToolCall(JSON.parse(job.tool_calls) as ToolCallState[], JSON.parse(args.toolCallJson) as ToolCallState)
    await context.db.patch(job._id, { tool_calls: JSON.stringify(toolCalls), updated_at: args.now })
    return null
  },
})

/** Replaces the metadata fields given; the others stay. */
export const updateMetadata = mutation({
  args: {
    ...jobWriteArgs, usage: v.optional(usageValidator), toolRounds: v.optional(v.array(toolRoundValidator)),
    lastSeq: v.optional(v.number()),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findChangeableJob(context.db, args.userId, args.jobId)
    if (!job) return null
    await context.db.patch(job._id, {
      usage: args.usage ?? job.usage, tool_rounds: args.toolRounds ?? job.tool_rounds, last_seq: args.lastSeq ?? job.last_seq,
      updated_at: args.now,
    })
    return null
  },
})

/** Replaces the workflow engine's state of a workflow job (as JSON). */
export const updateWorkflowState = mutation({
  args: { ...jobWriteArgs, stateJson: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findChangeableJob(context.db, args.userId, args.jobId)
    if (!job) return null
    await context.db.patch(job._id, { workflow_state: args.stateJson, updated_at: args.now })
    return null
  },
})

/** Replaces the job's checkpoint (a JobCheckpoint as JSON). */
export const saveCheckpoint = mutation({
  args: { ...jobWriteArgs, checkpointJson: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const job = await findChangeableJob(context.db, args.userId, args.jobId)
    if (!job) return null
    await context.db.patch(job._id, { checkpoint: args.checkpointJson, updated_at: args.now })
    return null
  },
})
