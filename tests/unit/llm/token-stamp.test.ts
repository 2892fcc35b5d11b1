// The mock model's emission stamps (tests/fixtures/mock-model-server/token-stamp.mjs): a `stampTokens`
// round stamps every token as it is written, and the stamps read back from text that arrives in
// arbitrary pieces, as a benchmark viewer receives it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startMockModelServer } from '../../fixtures/mock-model-server/server.mjs'
import { createStampReader, machineNow, stampToken, stripStamps } from '../../fixtures/mock-model-server/token-stamp.mjs'

describe('token stamps', () => {
  it('a stampTokens round prefixes every token with the time it was written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errand-stamp-'))
    writeFileSync(join(dir, 'stamped.json'), JSON.stringify({ description: 'stamped', rounds: [{ text: 'one two three ', tokensPerSecond: 100, stampTokens: true }] }))
    const mock = await startMockModelServer({ scenariosDir: dir })
    try {
      const before = machineNow()
      const response = await fetch(`${mock.url}/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock/stamped', stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
      })
      const contents = (await response.text()).split('\n\n').filter(record => record.startsWith('data: {'))
        .map(record => JSON.parse(record.slice(6)).choices[0]?.delta?.content).filter(Boolean)
      expect(contents).toHaveLength(3)
      expect(contents.map((content: string) => content.replace(/^⟦[\d.]+⟧ /, ''))).toEqual(['one ', 'two ', 'three '])
      expect(stripStamps(contents.join(''))).toBe('one two three ')
      const stamps: number[] = []
      const reader = createStampReader(stamp => stamps.push(stamp))
      for (const content of contents) reader.read(content)
      expect(stamps).toHaveLength(3)
      expect(stamps[0]).toBeGreaterThanOrEqual(Math.floor(before))
      expect(stamps[2]).toBeGreaterThan(stamps[0]!)
      expect(stamps[2]).toBeLessThanOrEqual(machineNow())
    } finally {
      await mock.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads every stamp once, also when a stamp is cut across pieces', () => {
    const text = [stampToken('alpha ', 1733050000123.45), stampToken('beta ', 1733050000128.5), stampToken('gamma ', 1733050000133)].join('')
    for (const size of [1, 2, 7, 13, text.length]) {
      const stamps: number[] = []
      const reader = createStampReader(stamp => stamps.push(stamp))
      for (let start = 0; start < text.length; start += size) reader.read(text.slice(start, start + size))
      expect(stamps).toEqual([1733050000123.45, 1733050000128.5, 1733050000133])
    }
  })

  it('ignores text without stamps and brackets that are not stamps', () => {
    const stamps: number[] = []
    const reader = createStampReader(stamp => stamps.push(stamp))
    reader.read('plain words ⟦not a stamp⟧ ')
    reader.read(stampToken('x ', 42))
    expect(stamps).toEqual([42])
  })
})
