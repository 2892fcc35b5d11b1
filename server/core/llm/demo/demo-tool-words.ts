// How the offline demo model puts a tool result into words: the time and calculation tools it calls
// get a sentence each; an error says what failed; anything else is quoted briefly. Pure text: it runs
// no tool and does not decide which tool to call (demo-model-tools.ts does).

type Fields = Record<string, unknown>

function parseObject(content: string): Fields | null {
  try {
    const parsed: unknown = JSON.parse(content)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Fields : null
  }
  catch {
    return null
  }
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null)
const shown = (value: unknown): string | null =>
  (typeof value === 'number' || typeof value === 'boolean' ? String(value) : text(value))

/** `value` cut to `maxChars` with '…' (whitespace collapsed unless `collapse` is false). */
export function shorten(value: string, maxChars: number, collapse = true): string {
  const clean = collapse ? value.replace(/\s+/g, ' ').trim() : value.trim()
  return clean.length > maxChars ? `${clean.slice(0, maxChars - 1)}…` : clean
}

/** One sentence for the result `content` of the tool `name`. */
export function describeToolResult(name: string, content: string): string {
  const fields = parseObject(content)
  const error = fields ? text(fields.error) : null
  if (error) return `The ${name} tool failed: ${shorten(error, 200)}.`
  if (name === 'get_current_time' && fields) {
    const when = text(fields.formatted) ?? text(fields.iso) ?? text(fields.time)
    const zone = text(fields.timezone)
    if (when) return zone ? `In ${zone} it is ${when}.` : `It is ${when}.`
  }
  if (name === 'calculate' && fields) {
    const expression = text(fields.expression)
    const result = shown(fields.result)
    if (result !== null) return expression ? `${expression} = **${result}**.` : `The result is **${result}**.`
  }
  return `The ${name} tool answered: ${shorten(content, 300)}`
}
