import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineServerTool } from '../../../server/core/tooling/define-server-tool'
import { LlmError } from '../../../server/core/llm/llm-error'
import type { LlmStreamPart } from '../../../server/core/llm/types'
import { createJobHarness } from '../support/job-harness'
import { scriptedLlm, text } from '../support/scripted-llm'

const call = (index: number, id: string, name: string, args: string): LlmStreamPart[] => [
  { type: 'tool_call_delta', index, id, name, arguments: args.slice(0, 3) },
  { type: 'tool_call_delta', index, arguments: args.slice(3) },
]
const finish = (reason: string): LlmStreamPart => ({ type: 'finish', reason })

const add = defineServerTool({
  name: 'add', description: 'Adds two numbers', schema: z.object({ a: z.number(), b: z.number() }),
  handler: ({ a, b }) => ({ sum: a + b }),
})
const boom = defineServerTool({
  name: 'boom', description: 'Always throws', schema: z.object({}),
  handler: () => { throw new Error('the boom tool exploded') },
})

function harnessWith(script: Parameters<typeof scriptedLlm>[0], options: Parameters<typeof createJobHarness>[1] = {}) {
  const harness = createJobHarness(scriptedLlm(script), options)
  harness.tools.registerTool(add)
  harness.tools.registerTool(boom)
  return harness
}

describe('chat job: the agent run through the job sink', () => {
  it('runs a single round: tool call, result to the model, final answer', async () => {
    const harness = harnessWith((_, index) => index === 0
      ? { parts: [...call(0, 'call_1', 'add', '{"a":2,"b":3}'), finish('tool_calls')] }
      : { parts: [text('The sum is 5.'), finish('stop')] })
    const job = await harness.waitForEnd(await harness.submit())
    expect(job.status).toBe('complete')
    expect(job.content).toBe('The sum is 5.')
    expect(job.toolCalls).toEqual([expect.objectContaining({ id: 'call_1', name: 'add', status: 'completed', args: { a: 2, b: 3 }, result: { sum: 5 }, round: 1 })])
    const second = harness.llm.requests[1]!.messages
    expect(second.at(-2)).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } }] })
    expect(second.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_1', content: '{"sum":5}' })
    expect(harness.llm.requests[0]!.tools?.map(tool => tool.function.name)).toEqual(['add', 'boom'])
    expect(job.toolRounds.map(round => round.round)).toEqual([1, 2])
  })

  it('runs two rounds and keeps the text of each, separated', async () => {
    const harness = harnessWith((_, index) => [
      { parts: [text('Let me add.'), ...call(0, 'c1', 'add', '{"a":1,"b":1}'), finish('tool_calls')] },
      { parts: [...call(0, 'c2', 'add', '{"a":2,"b":2}'), finish('tool_calls')] },
      { parts: [text('Done: 2 and 4.'), finish('stop')] },
    ][index]!)
    const job = await harness.waitForEnd(await harness.submit())
    expect(job.content).toBe('Let me add.\n\nDone: 2 and 4.')
    expect(job.toolCalls.map(toolCall => [toolCall.id, toolCall.round, toolCall.status])).toEqual([['c1', 1, 'completed'], ['c2', 2, 'completed']])
    expect(harness.llm.requests).toHaveLength(3)
    expect(harness.llm.requests[2]!.messages.filter(message => message.role === 'tool')).toHaveLength(2)
  })

  it('ends with "tool execution limit exceeded" past the round limit, keeping the text', async () => {
    const harness = harnessWith((_, index) => ({ parts: [text(`r${index} `), ...call(0, `c${index}`, 'add', '{"a":1,"b":1}'), finish('tool_calls')] }), { limits: { maxRounds: 3 } })
    const job = await harness.waitForEnd(await harness.submit())
    expect(job.status).toBe('error')
    expect(job.error).toMatch(/tool execution limit exceeded/)
    expect(harness.llm.requests).toHaveLength(4)
    expect(job.toolCalls).toHaveLength(3)
    expect(job.content).toContain('r0')
  })

  it('answers calls past the per-round limit with error results the model reads', async () => {
    const parts = Array.from({ length: 5 }, (_, index) => call(index, `c${index}`, 'add', `{"a":${index},"b":0}`)).flat()
    const harness = harnessWith((_, index) => index === 0 ? { parts: [...parts, finish('tool_calls')] } : { parts: [text('ok'), finish('stop')] }, { limits: { maxToolsPerRound: 3 } })
    const job = await harness.waitForEnd(await harness.submit())
    expect(job.toolCalls.map(toolCall => toolCall.status)).toEqual(['completed', 'completed', 'completed', 'error', 'error'])
    const toolMessages = harness.llm.requests[1]!.messages.filter(message => message.role === 'tool')
    expect(toolMessages.map(message => message.tool_call_id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4'])
    expect(toolMessages[3]!.content).toMatch(/more than 3 tool calls/)
  })

  it('passes tool errors, unknown tools and invalid arguments back to the model without failing the job', async () => {
    const harness = harnessWith((_, index) => index === 0
      ? { parts: [...call(0, 'a', 'boom', '{}'), ...call(1, 'b', 'nope', '{}'), ...call(2, 'c', 'add', '{"a":"x"}'), finish('tool_calls')] }
      : { parts: [text('Sorry, tools failed.'), finish('stop')] })
    const job = await harness.waitForEnd(await harness.submit())
    expect(job.status).toBe('complete')
    expect(job.toolCalls.map(toolCall => toolCall.status)).toEqual(['error', 'error', 'error'])
    const contents = harness.llm.requests[1]!.messages.filter(message => message.role === 'tool').map(message => message.content)
    expect(contents[0]).toMatch(/exploded/)
    expect(contents[1]).toBe("Error: tool 'nope' is not enabled here; enabled: add, boom")
    expect(contents[2]).toMatch(/a/)
  })

  it('retries a network error talking to the model', async () => {
    let failures = 1
    const harness = harnessWith(() => {
      if (failures-- > 0) return { parts: [], error: LlmError.unreachable('http://model', new Error('ECONNRESET')) }
      return { parts: [text('fine'), finish('stop')] }
    })
    const job = await harness.waitForEnd(await harness.submit())
    expect(job).toMatchObject({ status: 'complete', content: 'fine' })
    expect(harness.llm.requests).toHaveLength(2)
  })

  it('times out a hanging tool and tells the model', async () => {
    const harness = harnessWith((_, index) => index === 0
      ? { parts: [...call(0, 'h', 'hang', '{}'), finish('tool_calls')] }
      : { parts: [text('It timed out.'), finish('stop')] }, { limits: { toolTimeoutMs: 50 } })
    let sawAbort = false
    harness.tools.registerTool(defineServerTool({
      name: 'hang', description: 'Never ends', schema: z.object({}),
      handler: (_, context) => new Promise((resolve) => { context.signal.addEventListener('abort', () => { sawAbort = true; resolve('late') }) }),
    }))
    const job = await harness.waitForEnd(await harness.submit())
    expect(job.status).toBe('complete')
    expect(job.toolCalls[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/did not finish within 50 ms/) })
    expect(sawAbort).toBe(true)
  })

  it('abort mid-round stops the running tools and ends the job aborted', async () => {
    let toolSignal: AbortSignal | null = null
    const harness = harnessWith(() => ({ parts: [text('Working… '), ...call(0, 's', 'slow', '{}'), finish('tool_calls')] }), { limits: { toolTimeoutMs: 30_000 } })
    harness.tools.registerTool(defineServerTool({
      name: 'slow', description: 'Slow', schema: z.object({}),
      handler: (_, context) => new Promise((resolve, reject) => {
        toolSignal = context.signal
        context.signal.addEventListener('abort', () => reject(new Error('stopped')))
      }),
    }))
    const job = await harness.submit()
    const deadline = Date.now() + 5000
    while (!toolSignal && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 5))
    expect(await harness.runner.abort('alice', job.id)).toBe(true)
    const ended = await harness.waitForEnd(job)
    expect(ended.status).toBe('aborted')
    expect(ended.content).toBe('Working… ')
    expect((toolSignal as AbortSignal | null)?.aborted).toBe(true)
    expect(harness.llm.requests).toHaveLength(1)
  })

  it('offers only the tools the thread has not switched off', async () => {
    const harness = harnessWith(() => ({ parts: [text('hi'), finish('stop')] }))
    const job = await harness.submit()
    await harness.waitForEnd(job)
    await harness.store.updateThread('alice', job.threadId, { disabledTools: ['boom'] })
    const thread = await harness.store.getThread('alice', job.threadId)
    const second = await harness.store.createTurn('alice', { threadId: thread!.id, content: 'again', model: 'mock/x', isDemo: false })
    await harness.runner.submit(second!.job)
    await harness.waitForEnd(second!.job)
    expect(harness.llm.requests[1]!.tools?.map(tool => tool.function.name)).toEqual(['add'])
  })

  it('never runs a switched-off tool the model calls anyway; a default-off tool switched on runs only in its thread', async () => {
    let secretRuns = 0
    let boomRuns = 0
    const harness = harnessWith((request) => {
      const toolTurn = request.messages.at(-1)?.role === 'user'
      return toolTurn
        ? { parts: [...call(0, 'b', 'boom', '{}'), ...call(1, 's', 'secret', '{}'), finish('tool_calls')] }
        : { parts: [text('ok'), finish('stop')] }
    })
    harness.tools.unregisterTool('boom')
    harness.tools.registerTool(defineServerTool({ name: 'boom', description: 'Counts', schema: z.object({}), handler: () => { boomRuns += 1; return 'boomed' } }))
    harness.tools.registerTool(defineServerTool({
      name: 'secret', description: 'Off unless switched on', schema: z.object({}), enabledByDefault: false,
      handler: () => { secretRuns += 1; return 'ran' },
    }))
    const on = await harness.store.createThread('alice', {})
    await harness.store.updateThread('alice', on.id, { disabledTools: ['boom'], enabledTools: ['secret'] })
    const off = await harness.store.createThread('alice', {})
    for (const thread of [on, off]) {
      const turn = await harness.store.createTurn('alice', { threadId: thread.id, content: 'go', model: 'mock/x', isDemo: false })
      await harness.runner.submit(turn!.job)
      await harness.waitForEnd(turn!.job)
    }
    const [onJob] = await harness.store.listJobs('alice', { threadId: on.id })
    const [offJob] = await harness.store.listJobs('alice', { threadId: off.id })
    expect(onJob!.toolCalls.map(toolCall => [toolCall.name, toolCall.status])).toEqual([['boom', 'error'], ['secret', 'completed']])
    expect(onJob!.toolCalls[0]!.error).toBe("tool 'boom' is not enabled here; enabled: add, secret")
    expect(offJob!.toolCalls.map(toolCall => [toolCall.name, toolCall.status])).toEqual([['boom', 'completed'], ['secret', 'error']])
    expect(secretRuns).toBe(1)
    expect(boomRuns).toBe(1)
    expect(harness.llm.requests[0]!.tools?.map(tool => tool.function.name)).toEqual(['add', 'secret'])
  })

  it('a shutdown while a tool runs records neither its result nor a failure; the checkpoint lacks it', async () => {
    let started = false
    const harness = harnessWith(() => ({ parts: [text('Working. '), ...call(0, 'w', 'wait', '{}'), finish('tool_calls')] }), { limits: { toolTimeoutMs: 30_000 } })
    harness.tools.registerTool(defineServerTool({
      name: 'wait', description: 'Waits for its signal', schema: z.object({}),
      handler: (_, context) => new Promise((resolve) => { started = true; context.signal.addEventListener('abort', () => resolve('cut short')) }),
    }))
    const job = await harness.submit()
    const deadline = Date.now() + 5000
    while (!started && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 5))
    await harness.runner.shutdown()
    const paused = (await harness.store.getJob('alice', job.id))!
    expect(paused.status).toBe('streaming')
    expect(paused.leaseOwner).toBeNull()
    expect(paused.toolCalls.map(toolCall => [toolCall.id, toolCall.status])).toEqual([['w', 'running']])
    expect(paused.checkpoint!.completedToolCallIds).toEqual([])
  })
})

describe('tool loop limits from configuration', () => {
  it('cuts results beyond the configured size and marks the call truncated', async () => {
    const harness = harnessWith((_, index) => index === 0
      ? { parts: [...call(0, 'big', 'big', '{}'), finish('tool_calls')] }
      : { parts: [text('ok'), finish('stop')] }, { limits: { maxResultBytes: 100 } })
    harness.tools.registerTool(defineServerTool({ name: 'big', description: 'Big', schema: z.object({}), handler: () => 'x'.repeat(5000) }))
    const job = await harness.waitForEnd(await harness.submit())
    expect(job.toolCalls[0]).toMatchObject({ status: 'completed', truncated: true })
    const sent = harness.llm.requests[1]!.messages.find(message => message.role === 'tool')!.content!
    expect(Buffer.byteLength(sent)).toBeLessThan(400)
  })
})
