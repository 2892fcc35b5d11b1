// How a thread gets its title: the default for a new thread and the title derived from its first
// message (its first line with the markdown taken out). Pure and free of imports, so the Convex
// functions (bundled apart from Nuxt) share it. Does not store anything; each provider applies
// `titleAfterTurn` inside its create-turn step.

/** The title of a thread nobody has named yet; the first message replaces it. */
export const DEFAULT_THREAD_TITLE = 'New chat'

/** The longest title derived from a message, ellipsis included. */
export const DERIVED_TITLE_MAX_LENGTH = 60

/** Line prefixes that only format: quote markers, headings, list bullets and numbers, code fences. */
const LINE_PREFIX = /^\s*(?:>\s*|#{1,6}(?:\s+|$)|[-*+]\s+|\d{1,9}[.)]\s+|\[[ xX]\]\s+)/
const CODE_FENCE = /^\s*(?:```|~~~)\S*\s*$/
/** Inline markup, each replaced by its text; applied until nothing changes (nested emphasis). */
const INLINE_MARKUP: [RegExp, string][] = [
  [/!?\[([^\]]*)\]\([^)]*\)/g, '$1'],
  [/(`+)(.+?)\1/g, '$2'],
  [/(\*\*|\*)(?=\S)(.+?)(?<=\S)\1/g, '$2'],
  [/(^|[^\p{L}\p{N}_])(__|_)(?=\S)(.+?)(?<=\S)\2(?![\p{L}\p{N}_])/gu, '$1$3'],
  [/~~(?=\S)(.+?)(?<=\S)~~/g, '$1'],
]

/** One line of markdown as plain text: prefixes and inline markup removed, spaces collapsed. */
export function stripMarkdownLine(line: string): string {
  if (CODE_FENCE.test(line)) return ''
  let text = line
  for (let previous = ''; previous !== text;) {
    previous = text
    text = text.replace(LINE_PREFIX, '')
  }
  for (let previous = ''; previous !== text;) {
    previous = text
    for (const [pattern, replacement] of INLINE_MARKUP) text = text.replace(pattern, replacement)
  }
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * A thread title from a message: its first line with visible text once the markdown is taken out,
 * cut to 60 characters with '…'. Null when the message has no visible text (the caller keeps the
 * current title).
 */
export function deriveThreadTitle(content: string): string | null {
  const firstLine = content.split('\n').map(stripMarkdownLine).find(line => line !== '') ?? ''
  if (firstLine === '') return null
  const characters = Array.from(firstLine)
  if (characters.length <= DERIVED_TITLE_MAX_LENGTH) return firstLine
  return `${characters.slice(0, DERIVED_TITLE_MAX_LENGTH - 1).join('').trimEnd()}…`
}

/** The title the thread should carry after a turn with `content`: derived while it is the default. */
export function titleAfterTurn(currentTitle: string, content: string): string {
  if (currentTitle !== DEFAULT_THREAD_TITLE) return currentTitle
  return deriveThreadTitle(content) ?? currentTitle
}
