// The tool registry: a plain Map of server tools, the OpenAI `tools` list derived from it, and the one
// entry point that executes a call (with metrics and logs). It does not run tool rounds: that is the tool loop.
import type { ServerTool, ToolContext, ToolParametersSchema } from './define-server-tool'
import { toolFailure, type ToolExecutionResult } from './execution/tool-execution-result'
import { runToolCall } from './execution/run-tool-call'
import { toolExecutionDuration, toolExecutionsCompleted, toolExecutionsFailed, toolExecutionsStarted, UNKNOWN_TOOL_LABEL } from './tool-metrics'
import { logger as defaultLogger, type Logger } from '../observability/logger'

/** One entry of the OpenAI chat-completions `tools` array. */
export interface OpenAiToolDefinition {
  type: 'function'
  function: { name: string; description: string; parameters: ToolParametersSchema }
}

/** Registry-wide limits; a tool's own `timeoutMs` wins over `defaultTimeoutMs`. */
export interface ToolRegistryOptions {
  /** Default 10 000. */
  defaultTimeoutMs?: number
  /** Results longer than this many UTF-8 bytes are cut with a marker. Default 65 536. */
  maxResultBytes?: number
  logger?: Logger
}

/** Per-call options: the tool loop passes its configured limits here (a tool's own `timeoutMs` still wins). */
export interface ExecuteToolOptions {
  defaultTimeoutMs?: number
  maxResultBytes?: number
}

/** A registry of server tools. */
export interface ToolRegistry {
  /** Adds a tool; throws if one with the same name is registered. */
  registerTool(tool: ServerTool): void
  /** Removes a tool; returns whether it was registered. */
  unregisterTool(name: string): boolean
  getTool(name: string): ServerTool | undefined
  /** All tools, sorted by name. */
  listTools(): ServerTool[]
  /**
   * The `tools` array for the model: every tool that is not client-only, enabled by default and not in
   * `disabled`, plus those in `enabled` (tools with `enabledByDefault: false` a thread switched on).
   */
  getEnabledDefinitions(disabled?: Iterable<string>, enabled?: Iterable<string>): OpenAiToolDefinition[]
  /** Executes one call; every failure is returned as a result, never thrown. */
  executeTool(name: string, argumentsJson: string, context: ToolContext, options?: ExecuteToolOptions): Promise<ToolExecutionResult>
  /** Remembers a pending load of tool files, so `ready()` can wait for it. */
  trackLoading(loading: Promise<unknown>): void
  /** Resolves when every tracked load has settled (at once when none is pending). */
  ready(): Promise<void>
}

/** Creates an empty registry (tests use one each; the server uses `defaultToolRegistry`). */
export function createToolRegistry(options: ToolRegistryOptions = {}): ToolRegistry {
  const tools = new Map<string, ServerTool>()
  const pendingLoads = new Set<Promise<unknown>>()
  const registryDefaultTimeoutMs = options.defaultTimeoutMs ?? 10_000
  const maxResultBytes = options.maxResultBytes ?? 65_536
  const logger = options.logger ?? defaultLogger

  const listTools = () => [...tools.values()].sort((left, right) => left.name.localeCompare(right.name))

  function executableNames(): string {
    const names = [...tools.values()].filter(tool => !tool.clientOnly).map(tool => tool.name).sort()
    return names.length > 0 ? names.join(', ') : '(none)'
  }

  async function execute(name: string, argumentsJson: string, context: ToolContext, callOptions: ExecuteToolOptions, startedAt: number): Promise<ToolExecutionResult> {
    const tool = tools.get(name)
    if (!tool) return toolFailure('unknown_tool', `tool '${name}' not found; available: ${executableNames()}`, startedAt)
    if (tool.clientOnly) return toolFailure('client_only', `tool '${name}' runs in the browser, not on the server; the server cannot execute it`, startedAt)
    const timeoutMs = tool.timeoutMs ?? callOptions.defaultTimeoutMs ?? registryDefaultTimeoutMs
    return runToolCall(tool, argumentsJson, context, { timeoutMs, maxResultBytes: callOptions.maxResultBytes ?? maxResultBytes }, startedAt)
  }

  return {
    registerTool(tool) {
      if (tools.has(tool.name)) {
        throw new Error(`a tool named '${tool.name}' is already registered; give the new tool another name or unregister the old one first`)
      }
      tools.set(tool.name, tool)
    },
    unregisterTool: name => tools.delete(name),
    getTool: name => tools.get(name),
    listTools,
    getEnabledDefinitions(disabled = [], enabled = []) {
      const disabledNames = new Set(disabled)
      const enabledNames = new Set(enabled)
      return listTools()
        .filter(tool => !tool.clientOnly && !disabledNames.has(tool.name) && (tool.enabledByDefault || enabledNames.has(tool.name)))
        .map(tool => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }))
    },
    async executeTool(name, argumentsJson, context, callOptions = {}) {
      const startedAt = Date.now()
      const label = tools.has(name) ? name : UNKNOWN_TOOL_LABEL
      const logFields = { tool: name, jobId: context.jobId, threadId: context.threadId, userId: context.userId }
      toolExecutionsStarted.inc({ tool: label })
      const result = await execute(name, argumentsJson, context, callOptions, startedAt)
      toolExecutionDuration.observe({ tool: label, outcome: result.ok ? 'completed' : 'failed' }, result.durationMs / 1000)
      if (result.ok) {
        toolExecutionsCompleted.inc({ tool: label })
        logger.info('tool execution completed', { ...logFields, durationMs: result.durationMs, truncated: result.truncated })
      }
      else {
        toolExecutionsFailed.inc({ tool: label, error_kind: result.errorKind })
        logger.warn('tool execution failed', { ...logFields, durationMs: result.durationMs, errorKind: result.errorKind, error: result.error })
      }
      return result
    },
    trackLoading(loading) {
      const settled = loading.then(() => undefined, () => undefined)
      pendingLoads.add(settled)
      void settled.then(() => pendingLoads.delete(settled))
    },
    async ready() {
      await Promise.all([...pendingLoads])
    },
  }
}

/** The process-wide registry the server loads `server/tools/` into. */
export const defaultToolRegistry: ToolRegistry = createToolRegistry()
