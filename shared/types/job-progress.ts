// What a store returns to a reader that follows a job from a cursor (another instance streaming a job
// this one does not run): the text and tool calls stored after the cursor, and the job's scalars.
// One definition, used by every store provider and the follower; it decides nothing itself.
import { z } from 'zod'
import { jobStatusSchema } from './job'
import { toolCallStateSchema } from './tool-call'
import { usageSchema } from './usage'

/** A piece of a job's stored text: what one append wrote, with the seq of its last delta event. */
export const jobTextChunkSchema = z.object({
  text: z.string(),
  lastSeq: z.number().int().nonnegative(),
})
export type JobTextChunk = z.infer<typeof jobTextChunkSchema>

export const jobProgressSchema = z.object({
  status: jobStatusSchema,
  error: z.string().nullable(),
  usage: z.nullable(usageSchema),
  /** The job's stored lastSeq. */
  lastSeq: z.number().int().nonnegative(),
  /** The `afterSeq` to ask with next time. */
  cursor: z.number().int().nonnegative(),
  /**
   * True when the store cannot say what changed after the cursor (the job was rewound for a resume,
   * or its text compacted, after it): `chunks` and `toolCalls` are empty and the reader takes one
   * whole job instead, continuing from max(job.lastSeq, `cursor`).
   */
  resync: z.boolean(),
  /** The text stored after the cursor, in order; appended to what the reader has, it is the job's content. */
  chunks: z.array(jobTextChunkSchema),
  /** The tool calls changed after the cursor, each in its current state, in the order of their first write. */
  toolCalls: z.array(toolCallStateSchema),
})
export type JobProgress = z.infer<typeof jobProgressSchema>
