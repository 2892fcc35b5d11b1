// The checkpoint envelope of an agent run: it stores only what the run added after its starting
// history (with that history's fingerprint), the history rebuilt on resume joins the additions into
// the same conversation, a changed history is refused, and the older whole-conversation format resumes.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { runAgent } from '../../../server/core/agent/loop'
import { initialRunState } from '../../../server/core/agent/loop-state'
import { checkpointOf, restoreRunState, storedRunStateSchema } from '../../../server/core/agent/run-checkpoint'
import { MemoryAgentSink } from '../../../server/core/agent/sink'
import type { LlmMessage, LlmStreamPart } from '../../../server/core/llm/types'
import { defineServerTool } from '../../../server/core/tooling/define-server-tool'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { createToolSet } from '../../../server/core/tooling/tool-set'
import { silentLogger } from '../support/job-harness'
import { scriptedLlm, text } from '../support/scripted-llm'

const finish = (reason: string): LlmStreamPart => ({ type: 'finish', reason })
const callAdd = (id: string, a: number): LlmStreamPart => ({ type: 'tool_call_delta', index: 0, id, name: 'add', arguments: `{"a":${a},"b":1}` })

/** A system prompt and a 50-message thread (25 turns), then the new question. */
function threadHistory(): LlmMessage[] {
  const turns = Array.from({ length: 25 }, (_, index): LlmMessage[] => [
    { role: 'user', content: `Question ${index}: ${'how does this work? '.repeat(10)}` },
    { role: 'assistant', content: `Answer ${index}: ${'it works like this. '.repeat(40)}` },
  ]).flat()
  return [{ role: 'system', content: 'You are a test.' }, ...turns, { role: 'user', content: 'Add twice, please.' }]
}

/** Runs two tool rounds over `history`; returns every state the run checkpointed and its final conversation. */
async function runTwoToolRounds(history: LlmMessage[]) {
  const tools = createToolRegistry({ logger: silentLogger })
  tools.registerTool(defineServerTool({ name: 'add', description: 'Adds', schema: z.object({ a: z.number(), b: z.number() }), handler: ({ a, b }) => ({ sum: a + b }) }))
  const llm = scriptedLlm((_, index) => [
    { parts: [text('First. '), callAdd('c1', 1), finish('tool_calls')] },
    { parts: [callAdd('c2', 2), finish('tool_calls')] },
    { parts: [text('2 and 3.'), finish('stop')] },
  ][index]!)
  const sink = new MemoryAgentSink()
  const result = await runAgent({
    llm, model: 'mock/x', messages: history, tools: createToolSet(tools), sink, signal: new AbortController().signal,
    limits: { maxRounds: 5, maxToolsPerRound: 5, concurrency: 2, toolTimeoutMs: 1000 }, retry: { attempts: 1, baseDelayMs: 1 },
    caller: { userId: 'u', threadId: null, jobId: 'j' },
  })
  return { checkpoints: sink.checkpoints, messages: result.messages }
}

describe('agent run checkpoints', () => {
  it('store only the messages the run added, with the count and hash of the history it started from', async () => {
    const history = threadHistory()
    const { checkpoints } = await runTwoToolRounds(history)
    expect(checkpoints.length).toBeGreaterThanOrEqual(6)
    for (const state of checkpoints) {
      const stored = checkpointOf(state).state
      expect(stored).toMatchObject({ format: 'incremental', history: { count: history.length, hash: expect.any(String) }, added: state.messages.slice(history.length) })
      expect(JSON.stringify(stored)).not.toContain('it works like this')
    }
    const last = checkpointOf(checkpoints.at(-1)!)
    expect(last).toMatchObject({ contentLength: 'First. '.length, completedToolCallIds: ['c1', 'c2'] })
    expect((last.state as { added: LlmMessage[] }).added.map(message => message.role)).toEqual(['assistant', 'tool', 'assistant', 'tool'])
    // A whole-conversation checkpoint of the same state is many times larger.
    const whole = JSON.stringify({ ...last, state: { messages: checkpoints.at(-1)!.messages } })
    expect(JSON.stringify(last).length * 10).toBeLessThan(whole.length)
  })

  it('restore the same conversation from the stored additions and the history rebuilt on resume', async () => {
    const { checkpoints } = await runTwoToolRounds(threadHistory())
    for (const state of checkpoints) {
      const stored = storedRunStateSchema.parse(JSON.parse(JSON.stringify(checkpointOf(state).state)))
      expect(restoreRunState(stored, threadHistory())).toEqual(state)
    }
  })

  it('refuse a rebuilt history that differs from the one the run started from (an edited, added or removed message)', async () => {
    const history = threadHistory()
    const stored = storedRunStateSchema.parse(checkpointOf({ ...initialRunState(history), round: 2 }).state)
    const edited = history.map((message, index) => (index === 3 ? { ...message, content: 'edited' } : message))
    expect(restoreRunState(stored, edited)).toBeNull()
    expect(restoreRunState(stored, [...history, { role: 'user', content: 'one more' }])).toBeNull()
    expect(restoreRunState(stored, history.slice(0, -1))).toBeNull()
    expect(restoreRunState(stored, null)).toBeNull()
    expect(restoreRunState(stored, threadHistory())).toMatchObject({ messages: history, round: 2 })
  })

  it('match a history whose system prompt changed (a deploy): the prompt is the server\'s, not the thread\'s', () => {
    const history = threadHistory()
    const stored = storedRunStateSchema.parse(checkpointOf(initialRunState(history)).state)
    const newPrompt = [{ role: 'system' as const, content: 'A newer prompt.' }, ...history.slice(1)]
    expect(restoreRunState(stored, newPrompt)?.messages[0]).toEqual({ role: 'system', content: 'A newer prompt.' })
  })

  it('still read and resume the whole-conversation format of earlier servers, and keep writing it for that run', () => {
    const messages: LlmMessage[] = [{ role: 'system', content: 'old' }, { role: 'user', content: 'q' }, { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'add', arguments: '{}' } }] }]
    // As a server before incremental checkpoints stored it (no usage or rounds: they have defaults).
    const stored = storedRunStateSchema.parse({ messages, round: 2, toolRoundsDone: 0, textLength: 4 })
    const restored = restoreRunState(stored, null)
    expect(restored).toEqual({ messages, base: null, round: 2, toolRoundsDone: 0, textLength: 4, usage: null, rounds: [] })
    const next = { ...restored!, messages: [...messages, { role: 'tool' as const, tool_call_id: 'a', content: '1' }] }
    expect(checkpointOf(next)).toMatchObject({ completedToolCallIds: ['a'], state: { messages: next.messages, round: 2 } })
    expect(checkpointOf(next).state).not.toHaveProperty('added')
  })

  it('reject a stored state in neither format', () => {
    expect(storedRunStateSchema.safeParse({ round: 1, toolRoundsDone: 0 }).success).toBe(false)
    expect(storedRunStateSchema.safeParse({ format: 'incremental', added: [], round: 1, toolRoundsDone: 0 }).success).toBe(false)
  })
})
