// Turns whatever ended a job early into the sentence the user reads. No stack traces, no secrets.
import { LlmError } from '../llm/llm-error'
import type { JobStopReason } from './stop-reason'
import { ToolLimitError } from '../agent/loop'
import { ToolRoundError } from '../agent/tool-round'

/** An error whose message is written for the user (a kind's own limit, e.g. a sub-agent's budget). */
export class ReadableJobError extends Error {}

/** A readable reason for a failed job. */
export function describeJobError(error: unknown, stop: JobStopReason | null): string {
  if (stop) return stop.message
  if (error instanceof LlmError || error instanceof ToolLimitError || error instanceof ToolRoundError || error instanceof ReadableJobError) return error.message
  return 'The answer failed on the server. Retry it; if it happens again, check the server log.'
}
