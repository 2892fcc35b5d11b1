// Runs one call of a known server tool: parse and validate the arguments, run the handler against its
// deadline and the job's signal, serialise the result. Lookup, metrics and logging are the registry's.
import type { ServerTool, ToolContext } from '../define-server-tool'
import { toolFailure, type ToolExecutionResult } from './tool-execution-result'
import { parseToolArguments } from './parse-tool-arguments'
import { runWithDeadline } from './run-with-deadline'
import { serializeToolResult } from './serialize-tool-result'

/** Limits applied to one call. */
export interface ToolCallLimits {
  timeoutMs: number
  maxResultBytes: number
}

function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  return String(error)
}

/** Executes `tool` with `argumentsJson`; every failure becomes a result, nothing is thrown. */
export async function runToolCall(
  tool: ServerTool,
  argumentsJson: string,
  context: ToolContext,
  limits: ToolCallLimits,
  startedAt: number,
): Promise<ToolExecutionResult> {
  const parsed = parseToolArguments(tool, argumentsJson)
  if (!parsed.ok) return toolFailure(parsed.errorKind, parsed.error, startedAt)
  const outcome = await runWithDeadline(
    signal => tool.handler(parsed.args, { ...context, signal }),
    { timeoutMs: limits.timeoutMs, signal: context.signal },
  )
  switch (outcome.kind) {
    case 'timeout':
      return toolFailure('timeout', `tool '${tool.name}' did not finish within ${limits.timeoutMs} ms and was stopped; try a smaller request or another approach`, startedAt)
    case 'aborted':
      return toolFailure('aborted', `tool '${tool.name}' was stopped because the job was aborted`, startedAt)
    case 'rejected':
      return toolFailure('threw', `tool '${tool.name}' failed: ${describeThrown(outcome.error)}`, startedAt)
    case 'fulfilled':
      break
  }
  let serialized
  try {
    serialized = serializeToolResult(outcome.value, limits.maxResultBytes)
  }
  catch (error) {
    return toolFailure('threw', `tool '${tool.name}' returned a value that cannot be sent to the model as JSON (${describeThrown(error)})`, startedAt)
  }
  const finishedAt = Date.now()
  return {
    ok: true,
    result: serialized.truncated ? serialized.content : outcome.value,
    content: serialized.content,
    truncated: serialized.truncated,
    durationMs: finishedAt - startedAt,
    startedAt,
    finishedAt,
  }
}
