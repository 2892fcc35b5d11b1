// Renders model output (markdown) to safe HTML: raw HTML is escaped (markdown-it `html: false`), links open
// in a new tab without an opener, images become links (a model's markdown must not make the browser fetch
// anything; the CSP blocks remote images too), code blocks are highlighted and framed with their language
// and a copy button (MarkdownContent handles the click). It does not sanitise HTML from other sources.
// parseMarkdown / renderMarkdownTokens expose the two halves for block-wise rendering (streaming-markdown.ts).
import MarkdownIt from 'markdown-it'
import type { Token } from 'markdown-it'
import { escapeHtml, highlightCode } from './highlight-code'

/** Marks the copy button of a code block; MarkdownContent listens for clicks on it. */
export const CODE_COPY_ATTRIBUTE = 'data-code-copy'

const markdown = new MarkdownIt({
  html: false,
  linkify: true,
  breaks: false,
  typographer: false,
})

markdown.renderer.rules.link_open = (tokens, index, options, _environment, renderer) => {
  const token = tokens[index]
  if (token) {
    token.attrSet('target', '_blank')
    token.attrSet('rel', 'noopener noreferrer')
  }
  return renderer.renderToken(tokens, index, options)
}

markdown.renderer.rules.fence = (tokens, index) => {
  const token = tokens[index]
  if (!token) return ''
  const language = token.info.trim().split(/\s+/)[0] ?? ''
  const label = language ? escapeHtml(language) : 'text'
  const codeClass = language ? ` class="hljs language-${escapeHtml(language)}"` : ' class="hljs"'
  return `<div class="code-block" data-testid="code-block">`
    + `<div class="code-block-header"><span class="code-block-language" data-testid="code-language">${label}</span>`
    + `<button type="button" class="code-block-copy" ${CODE_COPY_ATTRIBUTE} data-testid="code-copy">Copy<span class="sr-only"> code</span></button></div>`
    + `<pre><code${codeClass}>${highlightCode(token.content, language)}</code></pre></div>\n`
}

// An image renders as a link to it, labelled with its alt text: nothing is fetched until the user clicks.
markdown.renderer.rules.image = (tokens, index) => {
  const token = tokens[index]
  const source = token?.attrGet('src') ?? ''
  const label = markdown.utils.escapeHtml(token?.content || source)
  if (!markdown.validateLink(source)) return label
  return `<a href="${markdown.utils.escapeHtml(source)}" target="_blank" rel="noopener noreferrer" data-image-link>🖼 ${label}</a>`
}

/** The HTML for a markdown string; any HTML inside `source` comes out as visible text. */
export function renderMarkdown(source: string): string {
  return markdown.render(source)
}

/** What parsing a markdown string found besides its tokens. */
export interface ParsedMarkdown {
  tokens: Token[]
  /** The source defines link references (`[label]: url`), which change links anywhere in the document. */
  hasReferences: boolean
}

/** The block and inline tokens of `source`, as `renderMarkdown` would render them. */
export function parseMarkdown(source: string): ParsedMarkdown {
  const environment: { references?: Record<string, unknown> } = {}
  const tokens = markdown.parse(source, environment)
  return { tokens, hasReferences: Object.keys(environment.references ?? {}).length > 0 }
}

/** The HTML of tokens from `parseMarkdown` (a whole document or a run of its top-level blocks). */
export function renderMarkdownTokens(tokens: Token[]): string {
  return markdown.renderer.render(tokens, markdown.options, {})
}
