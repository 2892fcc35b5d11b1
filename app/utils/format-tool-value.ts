// Shows a tool call's arguments or result as readable text: strings as they are, anything else as
// pretty-printed JSON. It does not truncate; the server marks truncated results itself.

/** Pretty-printed JSON for `value`, or the string itself when it is one. */
export function formatToolValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === undefined) return ''
  try {
    return JSON.stringify(value, null, 2) ?? String(value)
  }
  catch {
    return String(value)
  }
}
