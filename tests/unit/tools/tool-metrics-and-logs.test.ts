import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineServerTool } from '../../../server/core/tooling/define-server-tool'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { metricsRegistry } from '../../../server/core/observability/metrics-registry'
import { createRecordingLogger, createToolContext } from './tool-test-helpers'

async function counterValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = metricsRegistry.getSingleMetric(name)
  if (!metric) throw new Error(`metric ${name} is not registered`)
  const { values } = await metric.get()
  return values
    .filter(value => Object.entries(labels).every(([key, label]) => value.labels[key] === label))
    .reduce((total, value) => total + value.value, 0)
}

describe('tool execution metrics and logs', () => {
  it('counts started, completed and failed executions per tool and records durations', async () => {
    const { logger } = createRecordingLogger()
    const registry = createToolRegistry({ logger })
    registry.registerTool(defineServerTool({ name: 'metric_probe', description: 'x', schema: z.object({ n: z.number() }), handler: ({ n }) => n }))
    const before = {
      started: await counterValue('errand_tool_executions_started_total', { tool: 'metric_probe' }),
      completed: await counterValue('errand_tool_executions_completed_total', { tool: 'metric_probe' }),
      failed: await counterValue('errand_tool_executions_failed_total', { tool: 'metric_probe', error_kind: 'invalid_arguments' }),
      unknown: await counterValue('errand_tool_executions_failed_total', { tool: '(unknown)', error_kind: 'unknown_tool' }),
      observed: await counterValue('errand_tool_execution_duration_seconds', { tool: 'metric_probe' }),
    }
    const context = createToolContext().context
    await registry.executeTool('metric_probe', '{"n": 1}', context)
    await registry.executeTool('metric_probe', '{"n": "x"}', context)
    await registry.executeTool('not_registered_anywhere', '{}', context)
    expect(await counterValue('errand_tool_executions_started_total', { tool: 'metric_probe' })).toBe(before.started + 2)
    expect(await counterValue('errand_tool_executions_completed_total', { tool: 'metric_probe' })).toBe(before.completed + 1)
    expect(await counterValue('errand_tool_executions_failed_total', { tool: 'metric_probe', error_kind: 'invalid_arguments' })).toBe(before.failed + 1)
    expect(await counterValue('errand_tool_executions_failed_total', { tool: '(unknown)', error_kind: 'unknown_tool' })).toBe(before.unknown + 1)
    expect(await metricsRegistry.metrics()).toContain('errand_tool_execution_duration_seconds_count{tool="metric_probe",outcome="completed"}')
    expect(await metricsRegistry.metrics()).not.toContain('not_registered_anywhere')
    expect(before.observed).toBeGreaterThanOrEqual(0)
  })

  it('logs one completion or failure line per execution with the job id and no arguments', async () => {
    const { logger, lines } = createRecordingLogger()
    const registry = createToolRegistry({ logger })
    registry.registerTool(defineServerTool({ name: 'log_probe', description: 'x', schema: z.object({ secretWord: z.string() }), handler: () => 'ok' }))
    const context = createToolContext({ jobId: 'job-42' }).context
    await registry.executeTool('log_probe', '{"secretWord": "swordfish"}', context)
    await registry.executeTool('log_probe', '{}', context)
    expect(lines.map(line => [line.level, line.message, line.tool, line.jobId])).toEqual([
      ['info', 'tool execution completed', 'log_probe', 'job-42'],
      ['warn', 'tool execution failed', 'log_probe', 'job-42'],
    ])
    expect(lines[1]).toMatchObject({ errorKind: 'invalid_arguments' })
    expect(JSON.stringify(lines)).not.toContain('swordfish')
  })
})
