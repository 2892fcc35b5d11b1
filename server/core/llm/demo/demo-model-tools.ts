// Decides, for the offline demo model, whether a user message asks for one of the demo-friendly tools:
// `get_current_time` (time, clock, date; with a time zone from a small city table) or `calculate`
// (an arithmetic expression rewritten into mathjs syntax). Pure text rules; nothing is executed here.
// Every rule runs in time linear in the message length (no pattern can backtrack over a long run).

/** A tool the demo model wants to call, with its arguments as an object. */
export interface DemoToolChoice {
  name: string
  arguments: Record<string, unknown>
}

const timezonesByPlace: ReadonlyArray<readonly [RegExp, string]> = [
  [/\btokyo\b/i, 'Asia/Tokyo'],
  [/\blondon\b/i, 'Europe/London'],
  [/\bparis\b/i, 'Europe/Paris'],
  [/\bberlin\b/i, 'Europe/Berlin'],
  [/\bnew york\b/i, 'America/New_York'],
  [/\blos angeles\b/i, 'America/Los_Angeles'],
  [/\bsydney\b/i, 'Australia/Sydney'],
  [/\bsingapore\b/i, 'Asia/Singapore'],
  [/\b(mumbai|delhi|india)\b/i, 'Asia/Kolkata'],
  [/\bs[aã]o paulo\b/i, 'America/Sao_Paulo'],
  [/\butc\b/i, 'UTC'],
]

/** The tool call a user message asks for, among the offered tool names; undefined when none fits. */
export function chooseDemoToolCall(text: string, offeredToolNames: ReadonlySet<string>): DemoToolChoice | undefined {
  if (offeredToolNames.has('get_current_time') && /\b(time|clock|date)\b/i.test(text)) {
    const timezone = findDemoTimezone(text)
    return { name: 'get_current_time', arguments: timezone ? { timezone } : {} }
  }
  if (!offeredToolNames.has('calculate')) return undefined
  const expression = findDemoExpression(text)
  if (!expression) return undefined
  const looksLikeMath = /[+\-*/^%]|sqrt/.test(expression) || /\b(calculate|compute)\b/i.test(text)
  return looksLikeMath ? { name: 'calculate', arguments: { expression } } : undefined
}

/** An IANA zone written out ("Europe/Rome") or one from the city table. */
export function findDemoTimezone(text: string): string | undefined {
  const written = /\b[A-Z][a-z]+\/[A-Z][A-Za-z_]+\b/.exec(text)
  if (written) return written[0]
  return timezonesByPlace.find(([place]) => place.test(text))?.[1]
}

/** The longest arithmetic run in the text, in mathjs syntax: "17% of 2,340" becomes "17% * 2340". */
export function findDemoExpression(text: string): string | undefined {
  const normalized = text.toLowerCase()
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    // The lookbehind starts a match only at the first digit of a number, so a long digit run is scanned once.
    .replace(/(?<![\d.])(\d+(?:\.\d+)?)\s*%\s*of\s*/g, '$1% * ')
    .replace(/\bsquare root of\s*/g, 'sqrt ')
    .replace(/\bsqrt\s*(?:of\s*)?(\d+(?:\.\d+)?)/g, 'sqrt($1)')
    .replace(/\b(times|multiplied by)\b|×/g, '*')
    .replace(/\bdivided by\b|÷/g, '/')
    .replace(/\bplus\b/g, '+')
    .replace(/\bminus\b/g, '-')
    .replace(/\bto the power of\b/g, '^')
    .replace(/(\d)\s*x\s*(?=\d)/g, '$1 * ')
  const runs = (normalized.match(/(?:sqrt|[\d.+\-*/^()%\s])+/g) ?? [])
    .map(run => trimTrailingOperators(run.trim()).replace(/^[.+*/^\s]+/, ''))
    .filter(run => /\d/.test(run))
  return runs.sort((a, b) => digitCount(b) - digitCount(a))[0]
}

const TRAILING_OPERATORS = new Set(['.', '+', '-', '*', '/', '^'])

/** Drops operators and whitespace at the end; a loop, because `/[...]+$/` is quadratic on a long operator run. */
function trimTrailingOperators(text: string): string {
  let end = text.length
  while (end > 0 && (TRAILING_OPERATORS.has(text[end - 1] as string) || /\s/.test(text[end - 1] as string))) end--
  return text.slice(0, end)
}

function digitCount(text: string): number {
  return text.replace(/\D/g, '').length
}
