// The tools one agent run may use: what the model is offered is exactly what may execute. A call to
// any other name (switched off for the thread, outside an agent's subset, client-only, unknown) is
// answered with a structured "not enabled here" result and never reaches the registry or its metrics.
// It does not decide per-thread choices (resolveThreadTools below reads them) or run tool rounds.
import type { ToolContext } from './define-server-tool'
import { toolFailure, type ToolExecutionResult } from './execution/tool-execution-result'
import type { ExecuteToolOptions, OpenAiToolDefinition, ToolRegistry } from './registry'

export interface ToolSet {
  /** The `tools` list for the model, sorted by name (byte-stable across turns and jobs). */
  readonly definitions: OpenAiToolDefinition[]
  /** The enabled names, sorted. */
  readonly names: string[]
  has(name: string): boolean
  /** Runs an enabled tool; any other name gets a `not_enabled` failure without running anything. */
  execute(name: string, argumentsJson: string, context: ToolContext, options?: ExecuteToolOptions): Promise<ToolExecutionResult>
}

/** What a tool set is built from: per-thread switches and, for sub-agents and workflow agents, a subset. */
export interface ToolSelection {
  /** Switched off (wins over everything). */
  disabled?: Iterable<string>
  /** Switched on (tools with `enabledByDefault: false`). */
  enabled?: Iterable<string>
  /** When given, only these names (intersected with what the switches allow). */
  only?: Iterable<string>
}

/** The message a model reads when it calls a tool it was not offered. */
export const notEnabledMessage = (name: string, names: readonly string[]): string =>
  `tool '${name}' is not enabled here; enabled: ${names.length > 0 ? names.join(', ') : '(none)'}`

/** The tool set a selection allows from `registry`'s current tools. */
export function createToolSet(registry: ToolRegistry, selection: ToolSelection = {}): ToolSet {
  const only = selection.only === undefined ? null : new Set(selection.only)
  const definitions = registry.getEnabledDefinitions(selection.disabled, [...selection.enabled ?? [], ...only ?? []])
    .filter(definition => only === null || only.has(definition.function.name))
  return fromDefinitions(registry, definitions)
}

/** A tool set offering nothing (a workflow agent without `tools`). */
export function emptyToolSet(registry: ToolRegistry): ToolSet {
  return fromDefinitions(registry, [])
}

function fromDefinitions(registry: ToolRegistry, definitions: OpenAiToolDefinition[]): ToolSet {
  const names = definitions.map(definition => definition.function.name)
  const allowed = new Set(names)
  return {
    definitions,
    names,
    has: name => allowed.has(name),
    async execute(name, argumentsJson, context, options) {
      if (!allowed.has(name)) return toolFailure('not_enabled', notEnabledMessage(name, names), Date.now())
      return registry.executeTool(name, argumentsJson, context, options)
    },
  }
}
