// Splitting long text into pieces small enough for one Convex document (capped at 1 MiB), without
// cutting a surrogate pair in two. Used for job chunks and for the rare message too long to inline.
// Stores nothing itself.

/**
 * The most UTF-16 code units one stored piece holds: at most 768 KiB of UTF-8, which leaves room
 * under Convex's 1 MiB document cap for the other fields of the row.
 */
export const TEXT_PIECE_LIMIT = 256 * 1024

const isHighSurrogate = (code: number): boolean => code >= 0xD800 && code <= 0xDBFF

/** `text` cut into consecutive pieces of at most `limit` code units (none for ''). */
export function splitText(text: string, limit: number = TEXT_PIECE_LIMIT): string[] {
  const pieces: string[] = []
  let start = 0
  while (start < text.length) {
    let end = Math.min(start + limit, text.length)
    if (end < text.length && end - start > 1 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1
    pieces.push(text.slice(start, end))
    start = end
  }
  return pieces
}
