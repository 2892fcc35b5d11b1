// Tracing in the agent run: exactly one row per model round and per tool call (its start replaced by
// its finish), with outcome, latency, usage and cache figures, segments and truncation; a stopped
// tool call and a failed model round are traced too; an untraced run emits nothing.
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Trace } from '#shared/types/trace'
import { runAgent, type AgentRunInput } from '../../../server/core/agent/loop'
import { MemoryAgentSink } from '../../../server/core/agent/sink'
import type { LlmStreamPart } from '../../../server/core/llm/types'
import { defineServerTool } from '../../../server/core/tooling/define-server-tool'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { createToolSet } from '../../../server/core/tooling/tool-set'
import { warmTokenizer } from '../../../server/core/traces/prompt-segments'
import { silentLogger } from '../support/job-harness'
import { scriptedLlm, text } from '../support/scripted-llm'

const call = (index: number, id: string, name: string, args: string): LlmStreamPart => ({ type: 'tool_call_delta', index, id, name, arguments: args })
const finish = (reason: string): LlmStreamPart => ({ type: 'finish', reason })

function tools() {
  const registry = createToolRegistry({ logger: silentLogger })
  registry.registerTool(defineServerTool({ name: 'echo', description: 'Echoes', schema: z.object({ text: z.string() }), handler: ({ text }) => ({ text }) }))
  registry.registerTool(defineServerTool({ name: 'slow', description: 'Waits', schema: z.object({}), handler: () => new Promise(resolve => setTimeout(() => resolve('ok'), 30)) }))
  registry.registerTool(defineServerTool({
    name: 'hang', description: 'Hangs', schema: z.object({}),
    handler: (_, context) => new Promise(resolve => context.signal.addEventListener('abort', () => resolve('late'))),
  }))
  return createToolSet(registry)
}

function run(llm: AgentRunInput['llm'], overrides: Partial<AgentRunInput> = {}) {
  const sink = new MemoryAgentSink()
  const emitted: Trace[] = []
  const original = sink.trace.bind(sink)
  sink.trace = (trace) => {
    emitted.push(trace)
    original(trace)
  }
  const input: AgentRunInput = {
    llm, model: 'mock/x', messages: [{ role: 'system', content: 'You are Errand.' }, { role: 'user', content: 'hi' }],
    tools: tools(), limits: { maxRounds: 5, maxToolsPerRound: 2, concurrency: 4, toolTimeoutMs: 50 },
    retry: { attempts: 1, baseDelayMs: 1 }, signal: new AbortController().signal, caller: { userId: 'u', threadId: 't', jobId: 'j' },
    sink, trace: { context: { jobId: 'j', parentJobId: null, threadId: 't', turn: 3 }, maxFieldBytes: 64 },
    ...overrides,
  }
  return { input, sink, emitted }
}

describe('agent run traces', () => {
  // Building the tokenizer takes seconds of CPU; the server does it once at start-up.
  beforeAll(() => warmTokenizer(), 30_000)

  it('leaves one finished row per model round and tool call, each started first', async () => {
    const llm = scriptedLlm((_, index) => [
      {
        parts: [
          call(0, 'c1', 'echo', '{"text":"hello"}'), call(1, 'c2', 'slow', '{}'), call(2, 'c3', 'echo', '{"text":"over the limit"}'),
          { type: 'usage', usage: { promptTokens: 900, completionTokens: 5, cachedTokens: 600, reasoningTokens: 2, cacheWriteTokens: 100, costUsd: 0.001 } },
          finish('tool_calls'),
        ],
      },
      { parts: [call(0, 'c4', 'nope', '{}'), call(1, 'c5', 'echo', JSON.stringify({ text: 'x'.repeat(200) })), finish('tool_calls')] },
      { parts: [text('Done.'), finish('stop')] },
    ][index]!)
    const { input, sink, emitted } = run(llm)
    await runAgent(input)
    const rows = [...sink.traces.values()]
    expect(Object.fromEntries(rows.map(row => [row.id, [row.kind, row.name, row.round, row.outcome]]))).toEqual({
      'j:round:1': ['llm', 'mock/x', 1, 'success'],
      'j:1:c1': ['tool', 'echo', 1, 'success'], 'j:1:c2': ['tool', 'slow', 1, 'success'], 'j:1:c3': ['tool', 'echo', 1, 'error'],
      'j:round:2': ['llm', 'mock/x', 2, 'success'],
      'j:2:c4': ['tool', 'nope', 2, 'not_enabled'], 'j:2:c5': ['tool', 'echo', 2, 'success'],
      'j:round:3': ['llm', 'mock/x', 3, 'success'],
    })
    // Every row was first emitted running, then finished once.
    for (const row of rows) expect(emitted.filter(trace => trace.id === row.id).map(trace => trace.outcome)).toEqual(['running', row.outcome])
    expect(rows.every(row => row.turn === 3 && row.threadId === 't' && row.jobId === 'j' && row.finishedAt !== null)).toBe(true)
    const slow = rows.find(row => row.name === 'slow')!
    expect(slow.latencyMs).toBeGreaterThanOrEqual(25)
    expect(slow.finishedAt! - slow.startedAt).toBeGreaterThanOrEqual(25)
    const byId = (id: string) => rows.find(row => row.id === id)!
    const first = byId('j:round:1')
    expect(first).toMatchObject({ promptTokens: 900, completionTokens: 5, cacheReadTokens: 600, cacheWriteTokens: 100, reasoningTokens: 2, costUsd: 0.001 })
    expect(byId('j:round:3').output).toEqual({ text: 'Done.', finishReason: 'stop', toolCalls: [] })
    expect(first.segments).toMatchObject({ system: expect.any(Number), tools: expect.any(Number), input: 1 })
    expect(first.segments!.system).toBeGreaterThan(2)
    expect(first.segments!.tools).toBeGreaterThan(20)
    expect(byId('j:1:c3').error).toMatch(/^not run: more than 2 tool calls/)
    const truncated = byId('j:2:c5')
    expect(truncated).toMatchObject({ truncated: true, inputBytes: 211 })
    expect(typeof truncated.input).toBe('string')
    expect((truncated.input as string).length).toBe(65)
    // Round 2's new input is the tool results of round 1; the history is everything before.
    expect(byId('j:round:2').segments!.history).toBeGreaterThan(0)
    expect(byId('j:round:2').segments!.systemHash).toBe(first.segments!.systemHash)
  })

  it('traces a tool call stopped mid-run as aborted, and a failed model round as error', async () => {
    const controller = new AbortController()
    const llm = scriptedLlm(() => ({ parts: [call(0, 'c1', 'hang', '{}'), finish('tool_calls')] }))
    const stopped = run(llm, { signal: controller.signal, limits: { maxRounds: 5, maxToolsPerRound: 2, concurrency: 4, toolTimeoutMs: 10_000 } })
    const running = runAgent(stopped.input)
    await new Promise(resolve => setTimeout(resolve, 20))
    controller.abort(new Error('user stop'))
    await expect(running).rejects.toThrow('user stop')
    expect([...stopped.sink.traces.values()].map(row => [row.kind, row.outcome])).toEqual([['llm', 'success'], ['tool', 'aborted']])

    const failing = run(scriptedLlm(() => ({ parts: [text('par')], error: new Error('connection reset') })))
    await expect(runAgent(failing.input)).rejects.toThrow('connection reset')
    expect([...failing.sink.traces.values()].map(row => [row.kind, row.outcome, row.error])).toEqual([['llm', 'error', 'connection reset']])
  })

  it('emits nothing when the run is not traced', async () => {
    const { input, sink } = run(scriptedLlm(() => ({ parts: [text('Hi.'), finish('stop')] })), { trace: undefined })
    await runAgent(input)
    expect(sink.traces.size).toBe(0)
  })
})
