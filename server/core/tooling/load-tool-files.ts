// Registers the tools of a set of tool modules (the files of server/tools/), skipping, with a logged
// reason, any module that fails to import, exports no tool, is unavailable or clashes by name. Never fatal.
import { isServerTool, type ServerTool } from './define-server-tool'
import type { ToolRegistry } from './registry'
import { logger as defaultLogger, type Logger } from '../observability/logger'

/** A module namespace, or a function that imports it (`() => import('./file')`). */
export type ToolModuleSource = unknown

/** What was registered, and which files were skipped and why. */
export interface LoadToolModulesResult {
  registered: string[]
  skipped: Array<{ file: string; reason: string }>
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function importModule(source: ToolModuleSource): Promise<unknown> {
  return typeof source === 'function' ? await (source as () => unknown)() : source
}

function findTool(module: unknown): ServerTool | undefined {
  if (typeof module !== 'object' || module === null) return undefined
  const exports = module as Record<string, unknown>
  if (isServerTool(exports.default)) return exports.default
  if (isServerTool(exports.tool)) return exports.tool
  return undefined
}

/** Tries one file; returns the registered tool's name or the reason it was skipped. */
async function loadOne(file: string, source: ToolModuleSource, registry: ToolRegistry): Promise<{ name: string } | { reason: string }> {
  let module: unknown
  try {
    module = await importModule(source)
  }
  catch (error) {
    return { reason: `importing the file failed: ${describe(error)}` }
  }
  const tool = findTool(module)
  if (!tool) {
    return { reason: 'it exports no tool: make the default export (or an export named `tool`) the result of defineServerTool({...})' }
  }
  try {
    const availability = tool.availability()
    if (!availability.available) return { reason: `tool '${tool.name}' is not available: ${availability.reason}` }
    registry.registerTool(tool)
  }
  catch (error) {
    return { reason: describe(error) }
  }
  return { name: tool.name }
}

/**
 * Registers the tool of every module in `modules` (keyed by file name), in file-name order.
 * Problems are logged as warnings and reported in `skipped`; this function does not throw.
 */
export async function loadToolModules(
  modules: Record<string, ToolModuleSource>,
  registry: ToolRegistry,
  logger: Logger = defaultLogger,
): Promise<LoadToolModulesResult> {
  const result: LoadToolModulesResult = { registered: [], skipped: [] }
  for (const file of Object.keys(modules).sort()) {
    const outcome = await loadOne(file, modules[file], registry)
    if ('name' in outcome) {
      result.registered.push(outcome.name)
    }
    else {
      result.skipped.push({ file, reason: outcome.reason })
      logger.warn('tool file skipped', { file, reason: outcome.reason })
    }
  }
  logger.info('tool files loaded', { registered: result.registered, skipped: result.skipped.length })
  return result
}
