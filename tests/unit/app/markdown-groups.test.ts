// Pins how MarkdownContent groups a streaming answer's pieces: full runs of settled blocks keep their array
// object (so Vue skips them), the tail never joins a full group, and a restarted text rebuilds the groups.
import { describe, expect, it } from 'vitest'
import { GROUP_SIZE, groupPieces } from '../../../app/utils/markdown-groups'
import type { MarkdownPiece } from '../../../app/utils/streaming-markdown'

const settled = (count: number, from = 0): MarkdownPiece[] =>
  Array.from({ length: count }, (_, index) => ({ key: `block-${from + index}`, html: `<p>${from + index}</p>` }))
const tail: MarkdownPiece = { key: 'tail', html: '<p>tail</p>' }

describe('groupPieces', () => {
  it('puts runs of GROUP_SIZE settled pieces in full groups and the rest, tail included, in the last', () => {
    const pieces = [...settled(GROUP_SIZE * 2 + 3), tail]
    const groups = groupPieces(pieces)
    expect(groups.map(group => [group.key, group.full, group.pieces.length])).toEqual([
      ['group-0', true, GROUP_SIZE], ['group-1', true, GROUP_SIZE], ['group-2', false, 4],
    ])
    expect(groups.flatMap(group => group.pieces)).toEqual(pieces)
  })

  it('never closes a group over the tail or a whole-text render', () => {
    expect(groupPieces([...settled(GROUP_SIZE - 1), tail]).map(group => group.full)).toEqual([false])
    expect(groupPieces([{ key: 'whole', html: '' }]).map(group => group.full)).toEqual([false])
    expect(groupPieces([])).toEqual([])
  })

  it('keeps a full group\'s object while its pieces stay, so the view can skip it', () => {
    const blocks = settled(GROUP_SIZE + 5)
    const first = groupPieces([...blocks, tail])
    const second = groupPieces([...blocks, ...settled(2, GROUP_SIZE + 5), tail], first)
    expect(second[0]).toBe(first[0])
    expect(second[1]).not.toBe(first[1])
    expect(second[1]?.pieces).toHaveLength(8)
  })

  it('rebuilds the groups when the pieces are new objects (the text started over)', () => {
    const first = groupPieces(settled(GROUP_SIZE))
    const restarted = groupPieces(settled(GROUP_SIZE), first)
    expect(restarted[0]).not.toBe(first[0])
    expect(restarted[0]?.pieces).toEqual(first[0]?.pieces)
  })
})
