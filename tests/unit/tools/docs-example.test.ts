import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import wordCount from '../../../docs/examples/word-count'
import { loadToolModules } from '../../../server/core/tooling/load-tool-files'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { createRecordingLogger, createToolContext } from './tool-test-helpers'

describe('the example tool of docs/custom-tools.md', () => {
  it('is the code the page shows', async () => {
    const page = await readFile(new URL('../../../docs/custom-tools.md', import.meta.url), 'utf8')
    const example = await readFile(new URL('../../../docs/examples/word-count.ts', import.meta.url), 'utf8')
    const code = example.split('\n').filter(line => !line.startsWith('//')).join('\n').trim()
    expect(page).toContain(`\`\`\`ts\n${code}\n\`\`\``)
  })

  it('loads like a file of server/tools/ and counts words', async () => {
    const { logger } = createRecordingLogger()
    const registry = createToolRegistry({ logger })
    const loaded = await loadToolModules({ 'word-count.ts': () => import('../../../docs/examples/word-count') }, registry, logger)
    expect(loaded).toEqual({ registered: ['word_count'], skipped: [] })
    expect(registry.getTool('word_count')).toBe(wordCount)
    const context = createToolContext().context
    expect(await registry.executeTool('word_count', JSON.stringify({ text: 'The cat saw the other cat, twice!' }), context))
      .toMatchObject({ ok: true, result: { words: 7, uniqueWords: 5 }, content: '{"words":7,"uniqueWords":5}' })
    expect(await registry.executeTool('word_count', JSON.stringify({ text: 'a bb ccc dddd', minLength: 3 }), context))
      .toMatchObject({ ok: true, result: { words: 2, uniqueWords: 2 } })
  })

  it('is offered to the model with a schema derived from zod', () => {
    const registry = createToolRegistry({ logger: createRecordingLogger().logger })
    registry.registerTool(wordCount)
    expect(registry.getEnabledDefinitions()).toEqual([{
      type: 'function',
      function: {
        name: 'word_count',
        description: wordCount.description,
        parameters: expect.objectContaining({
          type: 'object',
          required: ['text'],
          properties: {
            text: { type: 'string', maxLength: 100_000, description: 'The text to count' },
            minLength: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1, description: 'Only count words with at least this many letters' },
          },
        }),
      },
    }])
  })

  it('rejects a wrong argument type with a message the model can act on', async () => {
    const registry = createToolRegistry({ logger: createRecordingLogger().logger })
    registry.registerTool(wordCount)
    const result = await registry.executeTool('word_count', '{"text": 42}', createToolContext().context)
    expect(result).toMatchObject({ ok: false, errorKind: 'invalid_arguments' })
    expect(result.ok === false && result.error).toMatch(/expected string[\s\S]*at text/)
  })
})
