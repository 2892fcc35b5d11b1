import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineServerTool } from '../../../server/core/tooling/define-server-tool'
import { loadToolModules } from '../../../server/core/tooling/load-tool-files'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { createRecordingLogger, createToolContext } from './tool-test-helpers'

const makeTool = (name: string, options: { available?: boolean } = {}) => defineServerTool({
  name,
  description: `The ${name} tool.`,
  schema: z.object({}),
  availability: () => options.available === false ? { available: false, reason: 'set SOME_URL' } : { available: true },
  handler: () => `${name} ran`,
})

describe('loadToolModules', () => {
  it('registers default and `tool` exports, lazy or eager, and skips the rest with reasons', async () => {
    const { logger, lines } = createRecordingLogger()
    const registry = createToolRegistry({ logger })
    const result = await loadToolModules({
      'alpha.ts': () => Promise.resolve({ default: makeTool('alpha') }),
      'beta.ts': { tool: makeTool('beta') },
      'broken.ts': () => Promise.reject(new SyntaxError('Unexpected token }')),
      'helpers.ts': { default: { name: 'not_a_tool', handler: () => 1 }, format: () => '' },
      'offline.ts': { default: makeTool('offline', { available: false }) },
      'zeta-duplicate.ts': { default: makeTool('alpha') },
    }, registry, logger)
    expect(result.registered).toEqual(['alpha', 'beta'])
    expect(result.skipped).toEqual([
      { file: 'broken.ts', reason: 'importing the file failed: Unexpected token }' },
      { file: 'helpers.ts', reason: expect.stringContaining('it exports no tool') },
      { file: 'offline.ts', reason: "tool 'offline' is not available: set SOME_URL" },
      { file: 'zeta-duplicate.ts', reason: expect.stringContaining("'alpha' is already registered") },
    ])
    expect(registry.listTools().map(tool => tool.name)).toEqual(['alpha', 'beta'])
    expect(lines.filter(line => line.message === 'tool file skipped').map(line => line.file))
      .toEqual(['broken.ts', 'helpers.ts', 'offline.ts', 'zeta-duplicate.ts'])
    expect(await registry.executeTool('beta', '', createToolContext().context)).toMatchObject({ ok: true, content: 'beta ran' })
  })

  it('survives a module whose import throws synchronously', async () => {
    const { logger } = createRecordingLogger()
    const registry = createToolRegistry({ logger })
    const result = await loadToolModules({
      'throws.ts': () => { throw new Error('top-level await failed') },
      'ok.ts': { default: makeTool('ok') },
    }, registry, logger)
    expect(result).toEqual({ registered: ['ok'], skipped: [{ file: 'throws.ts', reason: 'importing the file failed: top-level await failed' }] })
  })
})
