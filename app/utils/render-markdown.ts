// Renders model output (markdown) to safe HTML: raw HTML is escaped (markdown-it `html: false`), links open
// in a new tab without an opener, code blocks are highlighted. It does not sanitise HTML from other sources.
import MarkdownIt from 'markdown-it'
import { highlightCode } from './highlight-code'

const markdown = new MarkdownIt({
  html: false,
  linkify: true,
  breaks: false,
  typographer: false,
  highlight: (code, language) => highlightCode(code, language),
})

markdown.renderer.rules.link_open = (tokens, index, options, _environment, renderer) => {
  const token = tokens[index]
  if (token) {
    token.attrSet('target', '_blank')
    token.attrSet('rel', 'noopener noreferrer')
  }
  return renderer.renderToken(tokens, index, options)
}

/** The HTML for a markdown string; any HTML inside `source` comes out as visible text. */
export function renderMarkdown(source: string): string {
  return markdown.render(source)
}
