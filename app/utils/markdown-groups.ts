// Groups a streaming answer's pieces (streaming-markdown.ts) into runs of GROUP_SIZE settled blocks, so the
// browser can skip a whole off-screen run at once (content-visibility on the group) and Vue can skip
// diffing it (the same array object for as long as its blocks stay). The last group holds the rest
// (settled blocks of an unfinished run, then the tail). It renders nothing and does not parse markdown.
import type { MarkdownPiece } from './streaming-markdown'

export const GROUP_SIZE = 32

/** A run of pieces; `full` groups hold GROUP_SIZE settled pieces and never change. */
export interface MarkdownGroup {
  key: string
  full: boolean
  pieces: MarkdownPiece[]
}

/**
 * The groups of `pieces`, reusing the full groups of `previous` that end in the same piece object.
 * Only the last piece can be unsettled (the tail, or a whole-text render), and settled pieces keep their
 * identity across updates as a prefix (after a restart all are new), so a group whose last piece is the
 * same object holds the same pieces: each update compares one piece per group, not every piece.
 */
export function groupPieces(pieces: MarkdownPiece[], previous: MarkdownGroup[] = []): MarkdownGroup[] {
  const last = pieces.at(-1)
  const settledCount = last && (last.key === 'tail' || last.key === 'whole') ? pieces.length - 1 : pieces.length
  const groups: MarkdownGroup[] = []
  let start = 0
  for (; start + GROUP_SIZE <= settledCount; start += GROUP_SIZE) {
    const index = groups.length
    const kept = previous[index]
    const same = kept?.full === true && kept.pieces[GROUP_SIZE - 1] === pieces[start + GROUP_SIZE - 1]
    groups.push(same ? kept : { key: `group-${index}`, full: true, pieces: pieces.slice(start, start + GROUP_SIZE) })
  }
  if (start < pieces.length) groups.push({ key: `group-${groups.length}`, full: false, pieces: pieces.slice(start) })
  return groups
}
