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

/** Whether a piece can no longer change (the tail and a whole-text render can). */
const isSettled = (piece: MarkdownPiece): boolean => piece.key !== 'tail' && piece.key !== 'whole'

/**
 * The groups of `pieces`, reusing the full groups of `previous` whose pieces are the same objects (settled
 * pieces keep their identity across updates; after a restart they do not, and the groups are rebuilt).
 */
export function groupPieces(pieces: MarkdownPiece[], previous: MarkdownGroup[] = []): MarkdownGroup[] {
  const groups: MarkdownGroup[] = []
  let start = 0
  while (start + GROUP_SIZE <= pieces.length && pieces.slice(start, start + GROUP_SIZE).every(isSettled)) {
    const index = groups.length
    const kept = previous[index]
    const same = kept?.full && kept.pieces.every((piece, offset) => piece === pieces[start + offset])
    groups.push(same ? kept : { key: `group-${index}`, full: true, pieces: pieces.slice(start, start + GROUP_SIZE) })
    start += GROUP_SIZE
  }
  if (start < pieces.length) groups.push({ key: `group-${groups.length}`, full: false, pieces: pieces.slice(start) })
  return groups
}
