// The demo model's sub-agent rules: "in the background" spawns, "collect the background result" collects
// the newest task named in the conversation, a demo sub-agent writes notes, and the replies after
// each tool say what happened.
import { describe, expect, it } from 'vitest'
import { planDemoReply } from '../../../server/core/llm/demo/demo-model-reply'
import { SUBAGENT_SYSTEM_PROMPT } from '../../../server/core/llm/system-prompt'
import type { LlmMessage, LlmToolDefinition } from '../../../server/core/llm/types'

const tool = (name: string): LlmToolDefinition => ({ type: 'function', function: { name, description: name, parameters: {} } })
const tools = ['spawn_subagent', 'subagent_result', 'subagent_status', 'calculate'].map(tool)

describe('demo model and sub-agents', () => {
  it('spawns a sub-agent for a task to do in the background', () => {
    const reply = planDemoReply([{ role: 'user', content: 'Research heat pumps in cold climates in the background.' }], tools)
    expect(reply.kind).toBe('tool_calls')
    const call = reply.kind === 'tool_calls' ? reply.calls[0]! : null
    expect(call?.function.name).toBe('spawn_subagent')
    expect(JSON.parse(call!.function.arguments)).toEqual({ prompt: 'Research heat pumps in cold climates', metadata: { title: 'Research heat pumps in cold climates' } })
  })

  it('says it started the task, naming its id, then collects the newest task when asked', () => {
    const spawnCall = { id: 'c1', type: 'function' as const, function: { name: 'spawn_subagent', arguments: '{}' } }
    const afterSpawn = planDemoReply([
      { role: 'user', content: 'do x in the background' },
      { role: 'assistant', content: null, tool_calls: [spawnCall] },
      { role: 'tool', tool_call_id: 'c1', content: '{"task_id":"task-1234abcd","status":"pending"}' },
    ], tools)
    expect(afterSpawn).toMatchObject({ kind: 'text', text: expect.stringContaining('task `task-1234abcd`') })
    const history: LlmMessage[] = [
      { role: 'user', content: 'do x in the background' },
      { role: 'assistant', content: afterSpawn.kind === 'text' ? afterSpawn.text : '' },
      { role: 'user', content: 'Please collect the background result' },
    ]
    const collect = planDemoReply(history, tools)
    expect(collect.kind === 'tool_calls' && collect.calls[0]!.function).toEqual({ name: 'subagent_result', arguments: '{"task_id":"task-1234abcd"}' })
    const resultCall = { id: 'c2', type: 'function' as const, function: { name: 'subagent_result', arguments: '{}' } }
    const done = planDemoReply([...history, { role: 'assistant', content: null, tool_calls: [resultCall] }, { role: 'tool', tool_call_id: 'c2', content: '{"task_id":"task-1234abcd","status":"completed","result":"## Notes\\nfound it"}' }], tools)
    expect(done).toEqual({ kind: 'text', text: 'Here is what the background task found:\n\n## Notes\nfound it' })
    const early = planDemoReply([...history, { role: 'assistant', content: null, tool_calls: [resultCall] }, { role: 'tool', tool_call_id: 'c2', content: 'not ready yet (running for 3 s)' }], tools)
    expect(early).toMatchObject({ kind: 'text', text: expect.stringContaining('not ready yet (running for 3 s)') })
  })

  it('answers as a sub-agent with notes on its task, and spawns nothing when the tool is not offered', () => {
    expect(planDemoReply([{ role: 'system', content: SUBAGENT_SYSTEM_PROMPT }, { role: 'user', content: 'research solar panels' }], [])).toMatchObject({ kind: 'text', text: expect.stringMatching(/^## Notes: solar panels/) })
    expect(planDemoReply([{ role: 'user', content: 'do it in the background' }], [tool('calculate')]).kind).toBe('text')
  })
})
