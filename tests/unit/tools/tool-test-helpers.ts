// Helpers shared by the tool tests: a tool context with its own abort controller, a logger that
// records lines instead of printing them, and calculators closed after each test.
import { afterEach } from 'vitest'
import { createLogger, type Logger } from '../../../server/core/observability/logger'
import { MathEvaluator, type MathEvaluatorOptions } from '../../../server/core/tooling/builtin/calculator/math-evaluator'
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

/** Registers an afterEach that closes (kills the children of) every calculator the returned function made in the test. */
export function useMathEvaluators(): (options?: MathEvaluatorOptions) => MathEvaluator {
  const evaluators: MathEvaluator[] = []
  afterEach(async () => {
    await Promise.all(evaluators.splice(0).map(evaluator => evaluator.close()))
  })
  return (options = {}) => {
    const evaluator = new MathEvaluator(options)
    evaluators.push(evaluator)
    return evaluator
  }
}
