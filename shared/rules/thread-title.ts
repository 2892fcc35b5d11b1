// How a thread gets its title: the default for a new thread and the title derived from its first
// message. Pure and free of imports, so the Convex functions (bundled apart from Nuxt) share it.
// Does not store anything; each provider applies `titleAfterTurn` inside its create-turn step.

/** The title of a thread nobody has named yet; the first message replaces it. */
export const DEFAULT_THREAD_TITLE = 'New chat'

/** The longest title derived from a message, ellipsis included. */
export const DERIVED_TITLE_MAX_LENGTH = 60

/**
 * A thread title from a message: its first non-empty line, trimmed, cut to 60 characters with '…'.
 * Null when the message has no visible text (the caller keeps the current title).
 */
export function deriveThreadTitle(content: string): string | null {
  const firstLine = content.trim().split('\n')[0]?.trim() ?? ''
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
