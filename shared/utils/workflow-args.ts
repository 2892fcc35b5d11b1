// A workflow run's arguments checked against what the workflow declares: unknown names, wrong types
// and missing values without a default are refused with a readable reason; defaults are filled in.
// Also which argument `/name text` fills. Shared so the args form and the server agree.
import type { WorkflowDescription } from '../types/workflow'

export type ArgsCheck = { ok: true; args: Record<string, unknown> } | { ok: false; reason: string }

export function checkWorkflowArgs(description: Pick<WorkflowDescription, 'name' | 'args'>, given: Record<string, unknown>): ArgsCheck {
  const declared = description.args
  const unknown = Object.keys(given).filter(name => !(name in declared))
  if (unknown.length > 0) return { ok: false, reason: `workflow '${description.name}' has no argument ${unknown.map(name => `'${name}'`).join(', ')}` }
  const args: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(declared)) {
    const value = given[name] ?? spec.default
    if (value === undefined || value === '') return { ok: false, reason: `argument '${name}' is required${spec.description ? ` (${spec.description})` : ''}` }
    if (typeof value !== spec.type) return { ok: false, reason: `argument '${name}' must be a ${spec.type}` }
    args[name] = value
  }
  return { ok: true, args }
}

/** The argument `/name text` fills: `prompt` if declared, else the first string argument. */
export function mainArgOf(description: Pick<WorkflowDescription, 'args'>): string | null {
  const strings = Object.entries(description.args).filter(([, spec]) => spec.type === 'string').map(([name]) => name)
  return strings.includes('prompt') ? 'prompt' : strings[0] ?? null
}

/** `/name text` → `{ name, text }`; null for a message that is not a command. */
export function parseSlashCommand(content: string): { name: string; text: string } | null {
  const match = /^\/([a-z0-9][a-z0-9-]{0,63})(?:\s+([\s\S]*))?$/.exec(content.trim())
  return match ? { name: match[1]!, text: (match[2] ?? '').trim() } : null
}
