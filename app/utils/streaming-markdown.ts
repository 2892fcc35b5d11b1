// Renders markdown that grows at its end (a streaming answer) block by block: settled top-level blocks are
// rendered once (their HTML, highlighted code included, memoised by block source in a small LRU) and only
// the unsettled tail is parsed and rendered again on each update. Joined, the pieces are exactly
// renderMarkdown(source). It does not touch the DOM; MarkdownContent renders one element per piece.
import { LRUCache } from 'lru-cache'
import type { Token } from 'markdown-it'
import { splitMarkdownBlocks } from './markdown-blocks'
import { parseMarkdown, renderMarkdown, renderMarkdownTokens } from './render-markdown'

/** One element's worth of HTML; `key` stays the same for as long as the piece is the same block. */
export interface MarkdownPiece {
  key: string
  html: string
}

/** HTML of settled blocks by their source, shared by every message (re-opening a thread skips the highlighting). */
const blockHtmlCache = new LRUCache<string, string>({ max: 2000, maxSize: 8_000_000, sizeCalculation: (html, source) => html.length + source.length })

/** The HTML of a settled block, rendered once per distinct source. */
function blockHtml(source: string, tokens: Token[]): string {
  let html = blockHtmlCache.get(source)
  if (html === undefined) {
    html = renderMarkdownTokens(tokens)
    blockHtmlCache.set(source, html)
  }
  return html
}

/** A renderer for one growing text: call `update` with each new version of it. */
export function createStreamingMarkdown() {
  /** The last source seen; an update that does not extend it starts over. */
  let previous = ''
  /** Where the unsettled tail starts in the source. */
  let tailStart = 0
  let settled: MarkdownPiece[] = []
  /** The text defines link references, which may change any block: it is rendered whole, as before. */
  let whole = false

  function reset(): void {
    tailStart = 0
    settled = []
    whole = false
  }

  /** The pieces of `source`: settled blocks (same objects as last time) then the tail, if any. */
  function update(source: string): MarkdownPiece[] {
    if (!source.startsWith(previous)) reset()
    previous = source
    if (whole) return [{ key: 'whole', html: renderMarkdown(source) }]
    const tail = source.slice(tailStart)
    const parsed = parseMarkdown(tail)
    if (parsed.hasReferences) {
      whole = true
      return [{ key: 'whole', html: renderMarkdown(source) }]
    }
    const { blocks, settled: settledCount } = splitMarkdownBlocks(tail, parsed.tokens)
    if (settledCount > 0) {
      settled = [...settled, ...blocks.slice(0, settledCount).map(block => ({
        key: `block-${tailStart + block.start}`,
        html: blockHtml(tail.slice(block.start, block.end), block.tokens),
      }))]
    }
    const unsettled = blocks.slice(settledCount)
    // Without a block the tail is blank so far; it stays put (four spaces may yet open a code block).
    tailStart += unsettled[0]?.start ?? 0
    if (unsettled.length === 0) return settled
    return [...settled, { key: 'tail', html: renderMarkdownTokens(unsettled.flatMap(block => block.tokens)) }]
  }

  return { update }
}
