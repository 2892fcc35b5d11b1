// Helpers shared by the tool tests: a tool context with its own abort controller and a logger that
// records lines instead of printing them.
import { createLogger, type Logger } from '../../../server/core/observability/logger'
import type { ToolContext } from '../../../server/core/tooling/define-server-tool'

/** A ToolContext for user `user-1`, plus the controller that aborts its job signal. */
export function createToolContext(overrides: Partial<Omit<ToolContext, 'signal'>> = {}) {
  const job = new AbortController()
  const context: ToolContext = { signal: job.signal, userId: 'user-1', threadId: 'thread-1', jobId: 'job-1', ...overrides }
  return { context, job }
}

/** A logger that keeps every line (parsed) in `lines`. */
export function createRecordingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = []
  return { logger: createLogger(line => lines.push(JSON.parse(line) as Record<string, unknown>)), lines }
}
