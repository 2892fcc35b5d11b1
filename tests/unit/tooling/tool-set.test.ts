// The enforced tool set: what is offered is exactly what may run; every other name is refused with a
// structured "not enabled" result before the registry (and its metrics) see it.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineServerTool } from '../../../server/core/tooling/define-server-tool'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { createToolSet, emptyToolSet } from '../../../server/core/tooling/tool-set'
import { silentLogger } from '../support/job-harness'
import { createToolContext } from '../tools/tool-test-helpers'

function registry() {
  const runs: string[] = []
  const tools = createToolRegistry({ logger: silentLogger })
  const tool = (name: string, extra: { enabledByDefault?: boolean; clientOnly?: boolean } = {}) => defineServerTool({
    name, description: name, schema: z.object({}), ...extra, handler: () => { runs.push(name); return name },
  })
  tools.registerTool(tool('alpha'))
  tools.registerTool(tool('beta'))
  tools.registerTool(tool('gamma', { enabledByDefault: false }))
  tools.registerTool(tool('delta', { clientOnly: true }))
  return { tools, runs }
}

describe('ToolSet', () => {
  it('offers the default-on server tools, sorted, and runs them', async () => {
    const { tools, runs } = registry()
    const set = createToolSet(tools)
    expect(set.names).toEqual(['alpha', 'beta'])
    expect(set.definitions.map(definition => definition.function.name)).toEqual(['alpha', 'beta'])
    expect(await set.execute('alpha', '{}', createToolContext().context)).toMatchObject({ ok: true, result: 'alpha' })
    expect(runs).toEqual(['alpha'])
  })

  it('applies switch-offs and switch-ons; switch-offs win', () => {
    const { tools } = registry()
    expect(createToolSet(tools, { disabled: ['alpha'], enabled: ['gamma'] }).names).toEqual(['beta', 'gamma'])
    expect(createToolSet(tools, { disabled: ['gamma'], enabled: ['gamma'] }).names).toEqual(['alpha', 'beta'])
  })

  it('restricts to a subset, which may name default-off tools but never client-only ones', () => {
    const { tools } = registry()
    expect(createToolSet(tools, { only: ['beta', 'gamma', 'delta', 'missing'] }).names).toEqual(['beta', 'gamma'])
    expect(createToolSet(tools, { only: ['beta'], disabled: ['beta'] }).names).toEqual([])
    expect(emptyToolSet(tools).definitions).toEqual([])
  })

  it.each([
    ['a switched-off tool', 'alpha', { disabled: ['alpha'] }],
    ['a tool outside the subset', 'alpha', { only: ['beta'] }],
    ['a default-off tool nobody switched on', 'gamma', {}],
    ['a client-only tool', 'delta', {}],
    ['an unknown name', 'nope', {}],
  ] as const)('refuses %s without running anything', async (_, name, selection) => {
    const { tools, runs } = registry()
    const set = createToolSet(tools, selection)
    const result = await set.execute(name, '{}', createToolContext().context)
    expect(result).toMatchObject({ ok: false, errorKind: 'not_enabled', error: `tool '${name}' is not enabled here; enabled: ${set.names.join(', ')}` })
    expect(result.content).toBe(`Error: ${result.ok ? '' : result.error}`)
    expect(runs).toEqual([])
  })
})
