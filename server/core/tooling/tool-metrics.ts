// Prometheus metrics of tool executions (started, completed, failed, duration), registered on the
// shared metrics registry. Only counting lives here; the registry decides when to count.
import { Counter, Histogram } from 'prom-client'
import { metricsRegistry } from '../observability/metrics-registry'

/** Label used for calls to names that are not registered, so a model cannot grow the label set. */
export const UNKNOWN_TOOL_LABEL = '(unknown)'

/** Every executeTool call, counted before anything is checked. */
export const toolExecutionsStarted = new Counter({
  name: 'errand_tool_executions_started_total',
  help: 'Tool executions started, by tool.',
  labelNames: ['tool'] as const,
  registers: [metricsRegistry],
})

/** Executions that returned a result to the model. */
export const toolExecutionsCompleted = new Counter({
  name: 'errand_tool_executions_completed_total',
  help: 'Tool executions that completed with a result, by tool.',
  labelNames: ['tool'] as const,
  registers: [metricsRegistry],
})

/** Executions that ended as an error result (unknown tool, bad arguments, timeout, thrown, aborted). */
export const toolExecutionsFailed = new Counter({
  name: 'errand_tool_executions_failed_total',
  help: 'Tool executions that ended with an error result, by tool and error kind.',
  labelNames: ['tool', 'error_kind'] as const,
  registers: [metricsRegistry],
})

/** Wall-clock duration of executions, in seconds. */
export const toolExecutionDuration = new Histogram({
  name: 'errand_tool_execution_duration_seconds',
  help: 'Duration of tool executions in seconds, by tool and outcome.',
  labelNames: ['tool', 'outcome'] as const,
  buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
})
