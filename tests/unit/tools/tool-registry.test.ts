import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { defineServerTool } from '../../../server/core/tooling/define-server-tool'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { createRecordingLogger, createToolContext } from './tool-test-helpers'

function createRegistry(options: { defaultTimeoutMs?: number; maxResultBytes?: number } = {}) {
  const { logger, lines } = createRecordingLogger()
  return { registry: createToolRegistry({ ...options, logger }), lines }
}

const addTool = defineServerTool({
  name: 'add',
  description: 'Adds two numbers.',
  schema: z.object({ a: z.number(), b: z.number() }),
  handler: ({ a, b }) => ({ sum: a + b }),
})

const echoTool = defineServerTool({
  name: 'echo',
  description: 'Echoes a text.',
  schema: z.object({ text: z.string().default('nothing') }),
  handler: ({ text }) => text,
})

afterEach(() => {
  vi.useRealTimers()
})

describe('tool registry: registration', () => {
  it('registers, gets, lists (sorted) and unregisters tools', () => {
    const { registry } = createRegistry()
    registry.registerTool(echoTool)
    registry.registerTool(addTool)
    expect(registry.getTool('add')).toBe(addTool)
    expect(registry.listTools().map(tool => tool.name)).toEqual(['add', 'echo'])
    expect(registry.unregisterTool('add')).toBe(true)
    expect(registry.unregisterTool('add')).toBe(false)
    expect(registry.getTool('add')).toBeUndefined()
    expect(registry.listTools().map(tool => tool.name)).toEqual(['echo'])
  })

  it('refuses a second tool with the same name and names it', () => {
    const { registry } = createRegistry()
    registry.registerTool(addTool)
    expect(() => registry.registerTool(addTool)).toThrow(/'add' is already registered/)
  })

  it('keeps registries independent', () => {
    const first = createRegistry().registry
    const second = createRegistry().registry
    first.registerTool(addTool)
    expect(second.listTools()).toEqual([])
  })
})

describe('tool registry: executeTool', () => {
  it('runs a tool with valid arguments and returns its result as JSON text with timing', async () => {
    const { registry } = createRegistry()
    registry.registerTool(addTool)
    const result = await registry.executeTool('add', '{"a": 2, "b": 3}', createToolContext().context)
    expect(result).toMatchObject({ ok: true, result: { sum: 5 }, content: '{"sum":5}', truncated: false })
    expect(result.finishedAt).toBeGreaterThanOrEqual(result.startedAt)
    expect(result.durationMs).toBe(result.finishedAt - result.startedAt)
  })

  it('treats an empty argument string as {} and applies schema defaults; a string result is sent as is', async () => {
    const { registry } = createRegistry()
    registry.registerTool(echoTool)
    const result = await registry.executeTool('echo', '', createToolContext().context)
    expect(result).toMatchObject({ ok: true, result: 'nothing', content: 'nothing' })
  })

  it('passes userId, threadId and jobId to the handler', async () => {
    const { registry } = createRegistry()
    const seen: unknown[] = []
    registry.registerTool(defineServerTool({
      name: 'who', description: 'Reports its context.', schema: z.object({}),
      handler: (_args, context) => seen.push([context.userId, context.threadId, context.jobId, context.signal instanceof AbortSignal]),
    }))
    await registry.executeTool('who', '{}', createToolContext({ userId: 'u-9', threadId: 't-9', jobId: 'j-9' }).context)
    expect(seen).toEqual([['u-9', 't-9', 'j-9', true]])
  })

  it('answers invalid arguments with every issue and its path, without running the handler', async () => {
    const { registry } = createRegistry()
    const handler = vi.fn()
    registry.registerTool(defineServerTool({
      name: 'strict', description: 'Needs arguments.',
      schema: z.object({ count: z.number().int(), options: z.object({ mode: z.enum(['fast', 'slow']) }) }),
      handler,
    }))
    const result = await registry.executeTool('strict', '{"count": "three", "options": {"mode": "medium"}}', createToolContext().context)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errorKind).toBe('invalid_arguments')
    expect(result.error).toContain("invalid arguments for tool 'strict'")
    expect(result.error).toMatch(/expected number[\s\S]*at count/)
    expect(result.error).toMatch(/"fast"[\s\S]*at options\.mode/)
    expect(result.content).toBe(`Error: ${result.error}`)
    expect(handler).not.toHaveBeenCalled()
  })

  it('answers arguments that are not JSON with invalid_json', async () => {
    const { registry } = createRegistry()
    registry.registerTool(addTool)
    const result = await registry.executeTool('add', '{"a": 1, "b":', createToolContext().context)
    expect(result).toMatchObject({ ok: false, errorKind: 'invalid_json' })
    expect(result.ok === false && result.error).toContain("the arguments of tool 'add' are not valid JSON")
  })

  it('lists the available server tools when the tool is unknown', async () => {
    const { registry } = createRegistry()
    registry.registerTool(echoTool)
    registry.registerTool(addTool)
    registry.registerTool(defineServerTool({ name: 'pick_color', description: 'Browser only.', schema: z.object({}), clientOnly: true, handler: () => 'red' }))
    const result = await registry.executeTool('nope', '{}', createToolContext().context)
    expect(result).toMatchObject({ ok: false, errorKind: 'unknown_tool', error: "tool 'nope' not found; available: add, echo" })
  })

  it('refuses to execute a client-only tool', async () => {
    const { registry } = createRegistry()
    const handler = vi.fn()
    registry.registerTool(defineServerTool({ name: 'pick_color', description: 'Browser only.', schema: z.object({}), clientOnly: true, handler }))
    const result = await registry.executeTool('pick_color', '{}', createToolContext().context)
    expect(result).toMatchObject({ ok: false, errorKind: 'client_only' })
    expect(result.ok === false && result.error).toContain('runs in the browser, not on the server')
    expect(handler).not.toHaveBeenCalled()
  })

  it('turns a thrown error (sync or async) into a readable result', async () => {
    const { registry } = createRegistry()
    registry.registerTool(defineServerTool({ name: 'sync_fail', description: 'Throws.', schema: z.object({}), handler: () => { throw new Error('disk is full') } }))
    registry.registerTool(defineServerTool({ name: 'async_fail', description: 'Rejects.', schema: z.object({}), handler: async () => { throw new RangeError('out of range') } }))
    const context = createToolContext().context
    expect(await registry.executeTool('sync_fail', '{}', context)).toMatchObject({ ok: false, errorKind: 'threw', error: "tool 'sync_fail' failed: disk is full" })
    expect(await registry.executeTool('async_fail', '{}', context)).toMatchObject({ ok: false, errorKind: 'threw', error: "tool 'async_fail' failed: out of range" })
  })

  it('reports a result that cannot be serialised to JSON', async () => {
    const { registry } = createRegistry()
    registry.registerTool(defineServerTool({ name: 'big', description: 'BigInt.', schema: z.object({}), handler: () => ({ value: 10n }) }))
    const result = await registry.executeTool('big', '{}', createToolContext().context)
    expect(result).toMatchObject({ ok: false, errorKind: 'threw' })
    expect(result.ok === false && result.error).toContain('cannot be sent to the model as JSON')
  })

  it('truncates a result beyond maxResultBytes at a character boundary, with a marker', async () => {
    const { registry } = createRegistry({ maxResultBytes: 9 })
    registry.registerTool(defineServerTool({ name: 'long', description: 'Long text.', schema: z.object({}), handler: () => 'abcdefghé-and-much-more' }))
    const result = await registry.executeTool('long', '{}', createToolContext().context)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.truncated).toBe(true)
    // "é" takes bytes 9 and 10 (1-based), so a 9-byte cut steps back before it instead of splitting it.
    expect(result.content.startsWith('abcdefgh\n[truncated: the result was 24 bytes; only the first 8 are shown.')).toBe(true)
    expect(result.result).toBe(result.content)
  })
})

describe('tool registry: timeouts and aborts', () => {
  it('times out a slow handler, aborts its signal and clears the timer', async () => {
    vi.useFakeTimers()
    const { registry } = createRegistry({ defaultTimeoutMs: 1000 })
    const observed: Array<{ aborted: boolean; reason: unknown }> = []
    registry.registerTool(defineServerTool({
      name: 'slow', description: 'Waits for its signal.', schema: z.object({}),
      handler: (_args, { signal }) => new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          observed.push({ aborted: signal.aborted, reason: signal.reason })
          reject(signal.reason)
        })
      }),
    }))
    const pending = registry.executeTool('slow', '{}', createToolContext().context)
    await vi.advanceTimersByTimeAsync(999)
    expect(observed).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    const result = await pending
    expect(result).toMatchObject({ ok: false, errorKind: 'timeout', error: "tool 'slow' did not finish within 1000 ms and was stopped; try a smaller request or another approach" })
    expect(observed).toHaveLength(1)
    expect(observed[0]?.aborted).toBe(true)
    expect((observed[0]?.reason as Error).name).toBe('TimeoutError')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('ends at the timeout even when the handler ignores its signal', async () => {
    vi.useFakeTimers()
    const { registry } = createRegistry()
    registry.registerTool(defineServerTool({ name: 'stuck', description: 'Never ends.', schema: z.object({}), timeoutMs: 50, handler: () => new Promise(() => {}) }))
    const pending = registry.executeTool('stuck', '{}', createToolContext().context)
    await vi.advanceTimersByTimeAsync(50)
    expect(await pending).toMatchObject({ ok: false, errorKind: 'timeout' })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('uses the tool timeout first, then the per-call default, then the registry default', async () => {
    vi.useFakeTimers()
    const { registry } = createRegistry({ defaultTimeoutMs: 300 })
    registry.registerTool(defineServerTool({ name: 'stuck', description: 'Never ends.', schema: z.object({}), handler: () => new Promise(() => {}) }))
    registry.registerTool(defineServerTool({ name: 'own_limit', description: 'Never ends.', schema: z.object({}), timeoutMs: 100, handler: () => new Promise(() => {}) }))
    const context = createToolContext().context
    const outcomes: string[] = []
    void registry.executeTool('stuck', '{}', context).then(() => outcomes.push('registry default'))
    void registry.executeTool('stuck', '{}', context, { defaultTimeoutMs: 200 }).then(() => outcomes.push('call default'))
    void registry.executeTool('own_limit', '{}', context, { defaultTimeoutMs: 200 }).then(() => outcomes.push('tool limit'))
    await vi.advanceTimersByTimeAsync(300)
    expect(outcomes).toEqual(['tool limit', 'call default', 'registry default'])
  })

  it('clears the timer when the handler finishes in time', async () => {
    vi.useFakeTimers()
    const { registry } = createRegistry()
    registry.registerTool(addTool)
    const result = await registry.executeTool('add', '{"a":1,"b":1}', createToolContext().context)
    expect(result.ok).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('stops a running tool when the job aborts and passes the abort to its signal', async () => {
    const { registry } = createRegistry()
    let handlerSignal: AbortSignal | undefined
    registry.registerTool(defineServerTool({
      name: 'wait', description: 'Waits.', schema: z.object({}),
      handler: (_args, { signal }) => {
        handlerSignal = signal
        return new Promise(() => {})
      },
    }))
    const { context, job } = createToolContext()
    const pending = registry.executeTool('wait', '{}', context)
    await vi.waitFor(() => expect(handlerSignal).toBeDefined())
    job.abort(new Error('user pressed stop'))
    expect(await pending).toMatchObject({ ok: false, errorKind: 'aborted', error: "tool 'wait' was stopped because the job was aborted" })
    expect(handlerSignal?.aborted).toBe(true)
  })

  it('does not start a tool for a job that is already aborted', async () => {
    const { registry } = createRegistry()
    const handler = vi.fn()
    registry.registerTool(defineServerTool({ name: 'never', description: 'Not called.', schema: z.object({}), handler }))
    const { context, job } = createToolContext()
    job.abort()
    expect(await registry.executeTool('never', '{}', context)).toMatchObject({ ok: false, errorKind: 'aborted' })
    expect(handler).not.toHaveBeenCalled()
  })
})

describe('tool registry: definitions for the model', () => {
  it('derives parameters from the zod schema and leaves out client-only and disabled tools', () => {
    const { registry } = createRegistry()
    registry.registerTool(addTool)
    registry.registerTool(echoTool)
    registry.registerTool(defineServerTool({ name: 'pick_color', description: 'Browser only.', schema: z.object({}), clientOnly: true, handler: () => 'red' }))
    const definitions = registry.getEnabledDefinitions(['echo'])
    const expected = { ...z.toJSONSchema(addTool.schema, { io: 'input' }) }
    delete expected.$schema
    expect(definitions).toEqual([{ type: 'function', function: { name: 'add', description: 'Adds two numbers.', parameters: expected } }])
    expect(definitions[0]?.function.parameters).toMatchObject({ type: 'object', required: ['a', 'b'], properties: { a: { type: 'number' }, b: { type: 'number' } } })
    expect(definitions[0]?.function.parameters).not.toHaveProperty('$schema')
  })

  it('marks fields with defaults as optional and keeps descriptions', () => {
    const { registry } = createRegistry()
    registry.registerTool(defineServerTool({
      name: 'search', description: 'Searches.',
      schema: z.object({ query: z.string().describe('What to find'), limit: z.number().default(5) }),
      handler: () => [],
    }))
    const parameters = registry.getEnabledDefinitions()[0]?.function.parameters
    expect(parameters).toMatchObject({ required: ['query'], properties: { query: { type: 'string', description: 'What to find' }, limit: { type: 'number', default: 5 } } })
  })

  it('offers a tool that is off by default only when it is enabled', () => {
    const { registry } = createRegistry()
    registry.registerTool(defineServerTool({ name: 'risky', description: 'Off by default.', schema: z.object({}), enabledByDefault: false, handler: () => 1 }))
    expect(registry.getEnabledDefinitions()).toEqual([])
    expect(registry.getEnabledDefinitions([], ['risky']).map(definition => definition.function.name)).toEqual(['risky'])
    expect(registry.getEnabledDefinitions(['risky'], ['risky'])).toEqual([])
  })
})

describe('tool registry: readiness', () => {
  it('ready() waits for tracked loads, including failed ones', async () => {
    const { registry } = createRegistry()
    let finishLoad = () => {}
    registry.trackLoading(new Promise<void>(resolve => { finishLoad = resolve }))
    registry.trackLoading(Promise.reject(new Error('ignored')))
    let isReady = false
    const waiting = registry.ready().then(() => { isReady = true })
    await Promise.resolve()
    expect(isReady).toBe(false)
    finishLoad()
    await waiting
    expect(isReady).toBe(true)
  })
})
