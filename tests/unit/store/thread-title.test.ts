// deriveThreadTitle and titleAfterTurn (shared/rules/thread-title.ts): the first visible line of a
// message, without markdown, cut to 60 characters; only a default-titled thread is retitled.
import { describe, expect, it } from 'vitest'
import { deriveThreadTitle, titleAfterTurn } from '../../../shared/rules/thread-title'

describe('deriveThreadTitle', () => {
  it.each([
    ['# Plan a trip', 'Plan a trip'],
    ['###   Spaced heading  ', 'Spaced heading'],
    ['**Bold** and *italic* and ***both***', 'Bold and italic and both'],
    ['__strong__ and _em_ text', 'strong and em text'],
    ['keep snake_case_names and 2 * 3 * 4', 'keep snake_case_names and 2 * 3 * 4'],
    ['Run `npm install` then ``a ` b``', 'Run npm install then a ` b'],
    ['See [the docs](https://example.com/x?y=1) and ![logo](a.png)', 'See the docs and logo'],
    ['- a bullet', 'a bullet'],
    ['* star bullet', 'star bullet'],
    ['12. numbered', 'numbered'],
    ['> quoted', 'quoted'],
    ['> - quoted bullet with **bold**', 'quoted bullet with bold'],
    ['- [ ] a task', 'a task'],
    ['~~struck~~ out', 'struck out'],
    ['## [**Lisbon**](https://x) in `May`', 'Lisbon in May'],
    ['Plain line', 'Plain line'],
  ])('turns %j into %j', (content, title) => {
    expect(deriveThreadTitle(content)).toBe(title)
  })

  it('takes the first line with visible text, skipping blank lines, bare markers and code fences', () => {
    expect(deriveThreadTitle('\n  \n#\n```ts\nconst x = 1\n```')).toBe('const x = 1')
    expect(deriveThreadTitle('  \n  Plan a trip to Lisbon  \nin May')).toBe('Plan a trip to Lisbon')
  })

  it('answers null when nothing visible is left', () => {
    expect(deriveThreadTitle(' \n\t ')).toBeNull()
    expect(deriveThreadTitle('#\n> \n- ')).toBeNull()
  })

  it('cuts after stripping, to 60 characters ending with "…"', () => {
    expect(deriveThreadTitle(`# **${'x'.repeat(100)}**`)).toBe(`${'x'.repeat(59)}…`)
    expect(deriveThreadTitle(`**${'y'.repeat(60)}**`)).toBe('y'.repeat(60))
  })
})

describe('titleAfterTurn', () => {
  it('retitles only a thread still called "New chat", and keeps it when nothing is visible', () => {
    expect(titleAfterTurn('New chat', '# Hello')).toBe('Hello')
    expect(titleAfterTurn('Mine', '# Hello')).toBe('Mine')
    expect(titleAfterTurn('New chat', '```')).toBe('New chat')
  })
})
