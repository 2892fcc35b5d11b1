// The agent run on its own: an in-memory sink, no store, no live job, no runner. Two tool rounds with
// fragmented arguments, a tool that throws, a tool that hangs past its timeout, resume, stop and the
// enforced tool set.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { runAgent, type AgentRunInput } from '../../../server/core/agent/loop'
import { MemoryAgentSink } from '../../../server/core/agent/sink'
import type { LlmStreamPart } from '../../../server/core/llm/types'
import { defineServerTool } from '../../../server/core/tooling/define-server-tool'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { createToolSet } from '../../../server/core/tooling/tool-set'
import { silentLogger } from '../support/job-harness'
import { scriptedLlm, text } from '../support/scripted-llm'

/** A call whose arguments arrive in three fragments. */
const call = (index: number, id: string, name: string, args: string): LlmStreamPart[] => [
  { type: 'tool_call_delta', index, id, name, arguments: args.slice(0, 2) },
  { type: 'tool_call_delta', index, arguments: args.slice(2, 5) },
  { type: 'tool_call_delta', index, arguments: args.slice(5) },
]
const finish = (reason: string): LlmStreamPart => ({ type: 'finish', reason })
const usage = (promptTokens: number): LlmStreamPart => ({ type: 'usage', usage: { promptTokens, completionTokens: 1, cachedTokens: 0, reasoningTokens: 0 } })

function registry() {
  const tools = createToolRegistry({ logger: silentLogger })
  let adds = 0
  tools.registerTool(defineServerTool({
    name: 'add', description: 'Adds', schema: z.object({ a: z.number(), b: z.number() }),
    handler: ({ a, b }) => { adds += 1; return { sum: a + b } },
  }))
  tools.registerTool(defineServerTool({ name: 'boom', description: 'Throws', schema: z.object({}), handler: () => { throw new Error('boom exploded') } }))
  tools.registerTool(defineServerTool({
    name: 'hang', description: 'Hangs', schema: z.object({}),
    handler: (_, context) => new Promise(resolve => context.signal.addEventListener('abort', () => resolve('late'))),
  }))
  return { tools, adds: () => adds }
}

function input(llm: AgentRunInput['llm'], overrides: Partial<AgentRunInput> = {}): AgentRunInput & { sink: MemoryAgentSink } {
  const { tools } = registry()
  return {
    llm, model: 'mock/x', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'hi' }],
    tools: createToolSet(tools), limits: { maxRounds: 5, maxToolsPerRound: 10, concurrency: 4, toolTimeoutMs: 60 },
    retry: { attempts: 1, baseDelayMs: 1 }, signal: new AbortController().signal, caller: { userId: 'u', threadId: null, jobId: 'j' },
    sink: new MemoryAgentSink(), ...overrides,
  } as AgentRunInput & { sink: MemoryAgentSink }
}

describe('agent run with an in-memory sink', () => {
  it('runs two tool rounds with fragmented arguments, a throwing tool and a timeout, then answers', async () => {
    const llm = scriptedLlm((_, index) => [
      { parts: [text('Checking.'), ...call(0, 'c1', 'add', '{"a":1,"b":2}'), ...call(1, 'c2', 'boom', '{}'), usage(10), finish('tool_calls')] },
      { parts: [...call(0, 'c3', 'hang', '{}'), usage(20), finish('tool_calls')] },
      { parts: [text('Sum 3; boom failed; hang timed out.'), usage(30), finish('stop')] },
    ][index]!)
    const run = input(llm)
    const result = await runAgent(run)
    const { sink } = run
    expect(result.finalText).toBe('Sum 3; boom failed; hang timed out.')
    expect(sink.content).toBe('Checking.\n\nSum 3; boom failed; hang timed out.')
    expect([...sink.toolCalls.values()].map(state => [state.id, state.round, state.status])).toEqual([
      ['c1', 1, 'completed'], ['c2', 1, 'error'], ['c3', 2, 'error'],
    ])
    expect(sink.toolCalls.get('c1')).toMatchObject({ args: { a: 1, b: 2 }, result: { sum: 3 } })
    expect(sink.toolCalls.get('c2')!.error).toMatch(/boom exploded/)
    expect(sink.toolCalls.get('c3')!.error).toMatch(/did not finish within 60 ms/)
    // Every call went pending → running → final.
    expect(sink.toolCallHistory.filter(state => state.id === 'c1').map(state => state.status)).toEqual(['pending', 'running', 'completed'])
    // The model saw the fragmented arguments whole and every result in order.
    const second = llm.requests[1]!.messages
    expect(second.at(-3)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'c1', function: { name: 'add', arguments: '{"a":1,"b":2}' } }, { id: 'c2' }] })
    expect(second.slice(-2).map(message => message.tool_call_id)).toEqual(['c1', 'c2'])
    expect(llm.requests[2]!.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'c3', content: expect.stringMatching(/^Error: /) })
    expect(sink.usageTotal).toMatchObject({ promptTokens: 60, completionTokens: 3 })
    expect(sink.rounds.map(round => round.round)).toEqual([1, 2, 3])
    expect(result.rounds).toBe(3)
    // A checkpoint after each model round that asked for tools and after each tool result.
    expect(sink.checkpoints.at(-1)).toMatchObject({ round: 3, toolRoundsDone: 2 })
  })

  it('resumes from a state inside a tool round, running only the calls without a result', async () => {
    const { tools, adds } = registry()
    const llm = scriptedLlm(() => ({ parts: [text('done'), finish('stop')] }))
    const assistant = { role: 'assistant' as const, content: null, tool_calls: [
      { id: 'a1', type: 'function' as const, function: { name: 'add', arguments: '{"a":1,"b":1}' } },
      { id: 'a2', type: 'function' as const, function: { name: 'add', arguments: '{"a":2,"b":2}' } },
    ] }
    const run = input(llm, {
      tools: createToolSet(tools),
      resume: { messages: [{ role: 'user', content: 'q' }, assistant, { role: 'tool', tool_call_id: 'a1', content: '{"sum":2}' }], base: null, round: 2, toolRoundsDone: 0, textLength: 0, usage: null, rounds: [] },
    })
    await runAgent(run)
    expect(adds()).toBe(1)
    expect([...run.sink.toolCalls.keys()]).toEqual(['a2'])
    expect(llm.requests[0]!.messages.filter(message => message.role === 'tool').map(message => message.tool_call_id)).toEqual(['a1', 'a2'])
  })

  it('answers a call outside its tool set with "not enabled" and never runs it', async () => {
    const { tools, adds } = registry()
    const llm = scriptedLlm((_, index) => index === 0
      ? { parts: [...call(0, 'x', 'add', '{"a":1,"b":1}'), finish('tool_calls')] }
      : { parts: [text('ok'), finish('stop')] })
    const run = input(llm, { tools: createToolSet(tools, { only: ['boom'] }) })
    await runAgent(run)
    expect(adds()).toBe(0)
    expect(llm.requests[0]!.tools?.map(tool => tool.function.name)).toEqual(['boom'])
    expect(llm.requests[1]!.messages.at(-1)!.content).toBe("Error: tool 'add' is not enabled here; enabled: boom")
    expect(run.sink.toolCalls.get('x')).toMatchObject({ status: 'error', error: "tool 'add' is not enabled here; enabled: boom" })
  })

  it('stops on abort while a tool runs: throws, and records neither a result nor a finished call', async () => {
    const controller = new AbortController()
    const llm = scriptedLlm(() => ({ parts: [...call(0, 'h', 'hang', '{}'), finish('tool_calls')] }))
    const run = input(llm, { signal: controller.signal, limits: { maxRounds: 5, maxToolsPerRound: 10, concurrency: 4, toolTimeoutMs: 10_000 } })
    const running = runAgent(run)
    while (run.sink.toolCalls.get('h')?.status !== 'running') await new Promise(resolve => setTimeout(resolve, 2))
    controller.abort(new Error('stop'))
    await expect(running).rejects.toThrow('stop')
    expect(run.sink.toolCalls.get('h')!.status).toBe('running')
    expect(run.sink.checkpoints.at(-1)!.messages.some(message => message.role === 'tool')).toBe(false)
  })
})
