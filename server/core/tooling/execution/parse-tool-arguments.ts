// Parses the JSON argument string of a tool call and validates it with the tool's schema, returning
// the typed arguments or a readable error for the model. It never runs the tool.
import { z } from 'zod'
import type { ServerTool } from '../define-server-tool'

/** Valid arguments, or what is wrong with them. */
export type ParsedToolArguments =
  | { ok: true; args: Record<string, unknown> }
  | { ok: false; errorKind: 'invalid_json' | 'invalid_arguments'; error: string }

/** Parses `argumentsJson` (an empty string means `{}`) and validates it against `tool.schema`. */
export function parseToolArguments(tool: ServerTool, argumentsJson: string): ParsedToolArguments {
  let raw: unknown = {}
  if (argumentsJson.trim() !== '') {
    try {
      raw = JSON.parse(argumentsJson)
    }
    catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return {
        ok: false,
        errorKind: 'invalid_json',
        error: `the arguments of tool '${tool.name}' are not valid JSON (${reason}); send one JSON object that matches the tool's parameters`,
      }
    }
  }
  const parsed = tool.schema.safeParse(raw)
  if (!parsed.success) {
    return {
      ok: false,
      errorKind: 'invalid_arguments',
      error: `invalid arguments for tool '${tool.name}':\n${z.prettifyError(parsed.error)}\nFix these and call the tool again.`,
    }
  }
  return { ok: true, args: parsed.data }
}
