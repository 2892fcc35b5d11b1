// How a running job stores its tool calls: a round's pending calls go to the store in one write (not
// one per call), before any call runs, and every later state reaches the store with its event's seq,
// never ahead of text logged before it (not even when that text's first write failed).
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

  it('retries failed text before a tool-call write, so what reaches the store keeps seq order', async () => {
    const store = createMemoryStore()
    const landed: Array<{ kind: 'text' | 'tools', seq: number }> = []
    const append = store.appendJobContent.bind(store)
    // Three failed writes: the timer's flush, the round's checkpoint and the first before the tool-call write.
    let failures = 3
    store.appendJobContent = async (userId, jobId, batch, fence) => {
      if (failures > 0) {
        failures -= 1
        throw new Error('the store is briefly unavailable')
      }
      await append(userId, jobId, batch, fence)
      landed.push({ kind: 'text', seq: batch.lastSeq })
    }
    const upsert = store.upsertToolCalls.bind(store)
    store.upsertToolCalls = async (userId, jobId, batch, fence) => {
      await upsert(userId, jobId, batch, fence)
      landed.push({ kind: 'tools', seq: batch.seq })
    }
    const harness = createJobHarness(scriptedLlm((_, index) => index === 0
      ? { parts: [text('Let me add those. '), ...call(0, 'c1'), { type: 'finish', reason: 'tool_calls' }] }
      : { parts: [text('The sum is 3.'), { type: 'finish', reason: 'stop' }] }), { store })
    harness.tools.registerTool(add)
    const job = await harness.waitForEnd(await harness.submit())

    expect(job.status).toBe('complete')
    expect(job.content).toBe('Let me add those. \n\nThe sum is 3.')
    expect(landed[0]).toMatchObject({ kind: 'text' })
    // A follower reads what changed after its cursor: a row that lands below an earlier row's seq is never read.
    const seqs = landed.map(write => write.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    const progress = await store.getJobProgress('alice', job.id, 0)
    expect(progress?.toolCalls.map(toolCall => toolCall.status)).toEqual(['completed'])
  })
})
