import { describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { defineServerTool, isServerTool, type ToolContext } from '../../../server/core/tooling/define-server-tool'

const schema = z.object({ city: z.string(), days: z.number().int().default(3) })

describe('defineServerTool', () => {
  it('infers the handler arguments from the schema and fills the defaults', () => {
    const tool = defineServerTool({
      name: 'forecast',
      description: 'Weather forecast.',
      schema,
      handler: (args, context) => {
        expectTypeOf(args).toEqualTypeOf<{ city: string; days: number }>()
        expectTypeOf(context).toEqualTypeOf<ToolContext>()
        return `${args.city}:${args.days}`
      },
    })
    expect(tool).toMatchObject({ name: 'forecast', clientOnly: false, enabledByDefault: true, timeoutMs: undefined })
    expect(tool.availability()).toEqual({ available: true })
    expect(tool.handler(tool.schema.parse({ city: 'Paris' }), { signal: new AbortController().signal, userId: 'u', threadId: 't', jobId: 'j' })).toBe('Paris:3')
    expect(isServerTool(tool)).toBe(true)
    expect(isServerTool({ name: 'forecast', handler: () => 1 })).toBe(false)
  })

  it.each(['get weather', 'a'.repeat(65), '', 'météo', 'tool.name'])('rejects the name %j with the rule', (name) => {
    expect(() => defineServerTool({ name, description: 'x', schema: z.object({}), handler: () => 1 }))
      .toThrow(/invalid tool name .*use 1 to 64 characters from a-z, A-Z, 0-9, '_' and '-'/)
  })

  it.each(['get_weather', 'Get-Weather-2', 'a'.repeat(64)])('accepts the name %j', (name) => {
    expect(defineServerTool({ name, description: 'x', schema: z.object({}), handler: () => 1 }).name).toBe(name)
  })

  it('requires a description, a zod object schema and a positive timeout', () => {
    expect(() => defineServerTool({ name: 'a', description: ' ', schema: z.object({}), handler: () => 1 })).toThrow(/needs a description/)
    expect(() => defineServerTool({ name: 'a', description: 'x', schema: z.string() as unknown as z.ZodObject, handler: () => 1 })).toThrow(/schema must be a zod object/)
    expect(() => defineServerTool({ name: 'a', description: 'x', schema: z.object({}), timeoutMs: 0, handler: () => 1 })).toThrow(/timeoutMs must be a positive number/)
  })

  it('rejects a schema that has no JSON Schema form, at definition time', () => {
    expect(() => defineServerTool({ name: 'when', description: 'x', schema: z.object({ at: z.date() }), handler: () => 1 }))
      .toThrow(/tool 'when': its schema cannot be turned into JSON Schema/)
  })
})
