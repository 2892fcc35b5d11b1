// How a running job stores its tool calls: a round's pending calls go to the store in one write (not
// one per call), before any call runs, and every later state reaches the store with its event's seq.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { ToolCallsUpsert } from '../../../server/core/store/ports'
import { createMemoryStore } from '../../../server/core/store/memory/memory-store'
import { defineServerTool } from '../../../server/core/tooling/define-server-tool'
import type { LlmStreamPart } from '../../../server/core/llm/types'
import { createJobHarness } from '../support/job-harness'
import { scriptedLlm, text } from '../support/scripted-llm'

const call = (index: number, id: string): LlmStreamPart[] => [
  { type: 'tool_call_delta', index, id, name: 'add', arguments: '{"a":1,' },
  { type: 'tool_call_delta', index, arguments: '"b":2}' },
]
const add = defineServerTool({
  name: 'add', description: 'Adds two numbers', schema: z.object({ a: z.number(), b: z.number() }),
  handler: ({ a, b }) => ({ sum: a + b }),
})

describe('job output: tool calls in the store', () => {
  it('stores a round\'s pending calls in one write, then each change with a rising seq', async () => {
    const store = createMemoryStore()
    const writes: ToolCallsUpsert[] = []
    const upsert = store.upsertToolCalls.bind(store)
    store.upsertToolCalls = async (userId, jobId, batch, fence) => {
      writes.push(structuredClone(batch))
      await upsert(userId, jobId, batch, fence)
    }
    const harness = createJobHarness(scriptedLlm((_, index) => index === 0
      ? { parts: [...call(0, 'c1'), ...call(1, 'c2'), ...call(2, 'c3'), { type: 'finish', reason: 'tool_calls' }] }
      : { parts: [text('Three sums.'), { type: 'finish', reason: 'stop' }] }), { store })
    harness.tools.registerTool(add)
    const job = await harness.waitForEnd(await harness.submit())

    expect(job.toolCalls.map(toolCall => [toolCall.id, toolCall.status])).toEqual([['c1', 'completed'], ['c2', 'completed'], ['c3', 'completed']])
    expect(writes[0]!.toolCalls.map(toolCall => toolCall.id)).toEqual(['c1', 'c2', 'c3'])
    expect(writes.flatMap(write => write.toolCalls).filter(toolCall => toolCall.status === 'pending').length).toBeLessThanOrEqual(3)
    expect(writes.length).toBeLessThan(1 + 3 * 3)
    const seqs = writes.map(write => write.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    const stored = await store.getJobProgress('alice', job.id, 0)
    expect(stored?.toolCalls.map(toolCall => toolCall.status)).toEqual(['completed', 'completed', 'completed'])
  })
})
