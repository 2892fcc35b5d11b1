// The block-wise renderer must produce exactly renderMarkdown's HTML, for finished text and at every prefix
// of a streaming one (fixtures: tests/fixtures/markdown), while settled blocks keep their rendered pieces.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../../app/utils/render-markdown'
import { createStreamingMarkdown } from '../../../app/utils/streaming-markdown'

const fixturesDir = new URL('../../fixtures/markdown/', import.meta.url)
const fixtures = readdirSync(fixturesDir).filter(file => file.endsWith('.md') && file !== 'README.md')
  .map(file => ({ file, text: readFileSync(new URL(file, fixturesDir), 'utf8') }))

const joined = (pieces: { html: string }[]) => pieces.map(piece => piece.html).join('')

describe('createStreamingMarkdown', () => {
  it('has the fixtures it is checked against', () => {
    expect(fixtures.map(fixture => fixture.file)).toEqual(expect.arrayContaining(['code.md', 'crlf.md', 'mixed.md', 'references.md', 'tricky.md']))
  })

  it.each(fixtures)('renders finished $file exactly as renderMarkdown does', ({ text }) => {
    const pieces = createStreamingMarkdown().update(text)
    expect(joined(pieces)).toBe(renderMarkdown(text))
  })

  it.each(fixtures)('renders $file exactly as renderMarkdown does at every prefix while it streams in', ({ text }) => {
    const renderer = createStreamingMarkdown()
    for (let length = 1; length <= text.length; length++) {
      const prefix = text.slice(0, length)
      const html = joined(renderer.update(prefix))
      if (html !== renderMarkdown(prefix)) expect({ prefix, html }).toEqual({ prefix, html: renderMarkdown(prefix) })
    }
  })

  it('splits a finished text into one piece per top-level block', () => {
    const pieces = createStreamingMarkdown().update('# Title\n\nA paragraph.\n\n- one\n- two\n\n```ts\nconst x = 1\n```\n')
    expect(pieces.map(piece => piece.html.slice(0, 4))).toEqual(['<h1>', '<p>A', '<ul>', '<div'])
  })

  it('keeps the same piece objects for settled blocks and re-renders only the tail as text streams in', () => {
    const renderer = createStreamingMarkdown()
    const first = renderer.update('# Title\n\nFirst paragraph.\n\n```ts\nconst a = 1\n```\n\nSecond par')
    const second = renderer.update('# Title\n\nFirst paragraph.\n\n```ts\nconst a = 1\n```\n\nSecond paragraph, longer.\n\nThird')
    expect(first.map(piece => piece.key)).toEqual(['block-0', 'block-9', 'tail'])
    expect(second.slice(0, 2)).toEqual(first.slice(0, 2))
    expect(second[0]).toBe(first[0])
    expect(second[1]).toBe(first[1])
    // The second paragraph stays in the tail until the line after "Third" is complete too.
    expect(second.map(piece => piece.key)).toEqual(['block-0', 'block-9', 'block-27', 'tail'])
    expect(second.at(-1)?.html).toBe('<p>Second paragraph, longer.</p>\n<p>Third</p>\n')
  })

  it('shows a code fence that is still open as code', () => {
    const renderer = createStreamingMarkdown()
    const pieces = renderer.update('Intro.\n\n```python\nprint("hi")\n')
    expect(pieces.at(-1)?.html).toContain('<code class="hljs language-python">')
    expect(joined(pieces)).toBe(renderMarkdown('Intro.\n\n```python\nprint("hi")\n'))
  })

  it('starts over when the text is replaced rather than extended', () => {
    const renderer = createStreamingMarkdown()
    renderer.update('# Old\n\nold text\n\nmore old\n')
    const pieces = renderer.update('# New\n\nnew text\n')
    expect(joined(pieces)).toBe(renderMarkdown('# New\n\nnew text\n'))
  })

  it('renders a text with link references whole, so a later definition still changes earlier links', () => {
    const renderer = createStreamingMarkdown()
    renderer.update('See [docs][d].\n\nMore.\n\nEven more.\n\n')
    const pieces = renderer.update('See [docs][d].\n\nMore.\n\nEven more.\n\n[d]: https://example.com\n')
    expect(pieces).toHaveLength(1)
    expect(pieces[0]?.html).toContain('<a href="https://example.com"')
  })

  it('keeps raw HTML as text in every piece', () => {
    const pieces = createStreamingMarkdown().update('<script>alert(1)</script>\n\nText <img src=x onerror="y()">\n\nEnd')
    expect(joined(pieces)).not.toMatch(/<script|<img/)
    expect(joined(pieces)).toContain('&lt;script&gt;')
  })
})
