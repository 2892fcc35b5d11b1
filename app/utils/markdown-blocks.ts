// Splits parsed markdown into its top-level blocks (a paragraph, a whole list, a table, a code fence…) with
// their place in the source, and says which of them are settled: no text appended later can change them.
// It does not render or cache anything; streaming-markdown.ts does.
import type { Token } from 'markdown-it'

/** One top-level block: its tokens and where its source starts and ends (end = where the next block starts). */
export interface MarkdownBlock {
  tokens: Token[]
  start: number
  end: number
}

/** Line endings as markdown-it counts them (it normalises \r\n and a lone \r to \n). */
const LINE_END = /\r\n?|\n/g

/** The offset of each line's first character, and how many lines are complete (end in a line break). */
function lineStarts(source: string): { starts: number[]; completeLines: number } {
  const starts = [0]
  for (const match of source.matchAll(LINE_END)) starts.push(match.index + match[0].length)
  // A trailing lone \r may still become \r\n: its line is not complete yet.
  const completeLines = source.endsWith('\r') ? starts.length - 2 : starts.length - 1
  return { starts, completeLines }
}

/** Indexes of the tokens that open a top-level block. */
function blockOpenings(tokens: Token[]): number[] {
  const openings: number[] = []
  tokens.forEach((token, index) => {
    if (token.level === 0 && token.nesting !== -1 && token.map) openings.push(index)
  })
  return openings
}

/**
 * The top-level blocks of `tokens` (parsed from `source`) and how many of them, from the first, are settled.
 * A block is settled once the next block has started on a complete line that is followed by another
 * complete line: markdown-it decides where a block starts from at most two lines (a table's header and
 * delimiter rows), so later text can no longer merge that line back into the block before it.
 */
export function splitMarkdownBlocks(source: string, tokens: Token[]): { blocks: MarkdownBlock[]; settled: number } {
  const { starts, completeLines } = lineStarts(source)
  const openings = blockOpenings(tokens)
  const lineOf = (opening: number) => tokens[opening]?.map?.[0] ?? 0
  const blocks = openings.map((opening, index) => {
    const next = openings[index + 1]
    return {
      tokens: tokens.slice(opening, next ?? tokens.length),
      start: starts[lineOf(opening)] ?? source.length,
      end: next === undefined ? source.length : (starts[lineOf(next)] ?? source.length),
    }
  })
  let settled = 0
  while (settled < openings.length - 1 && lineOf(openings[settled + 1] ?? 0) + 2 <= completeLines) settled += 1
  return { blocks, settled }
}
