// splitText cuts long text into pieces for Convex documents without splitting a surrogate pair.
import { describe, expect, it } from 'vitest'
import { splitText } from '../../../convex/lib/textPieces'

describe('splitText', () => {
  it('returns no pieces for empty text and one piece for short text', () => {
    expect(splitText('')).toEqual([])
    expect(splitText('short', 10)).toEqual(['short'])
  })

  it('cuts at the limit, the last piece holding the rest', () => {
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij'])
    expect(splitText('abcdefgh', 4)).toEqual(['abcd', 'efgh'])
  })

  it('never separates the two halves of a surrogate pair', () => {
    const text = 'abc😀def😀'
    const pieces = splitText(text, 4)
    expect(pieces).toEqual(['abc', '😀de', 'f😀'])
    expect(pieces.join('')).toBe(text)
  })
})
