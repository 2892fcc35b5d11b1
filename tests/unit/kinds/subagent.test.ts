// Background sub-agents on the runner with a scripted model: spawn answers at once while the sub-agent
// runs on; status moves pending → running → completed; result before completion says "not ready";
// ids of another user or thread do not exist; the depth limit, the tool subset, the concurrency limit
// with its queue, the per-user queue limit, the token budget; stopping the parent turn cancels them.
import { describe, expect, it } from 'vitest'
import { isTerminalStatus, type Job } from '#shared/types/job'
import type { LlmRequest, LlmStreamPart } from '../../../server/core/llm/types'
import { SUBAGENT_SYSTEM_PROMPT } from '../../../server/core/llm/system-prompt'
import { subagentKind } from '../../../server/core/kinds/subagent/subagent-kind'
import { createSubagentTools } from '../../../server/core/kinds/subagent/subagent-tools'
import type { AppConfig } from '../../../server/core/config/app-config'
import { createJobHarness, type JobHarness } from '../support/job-harness'
import { scriptedLlm, text, type ScriptedLlm } from '../support/scripted-llm'
import { until } from '../../shared/until'

const finish = (reason: string): LlmStreamPart => ({ type: 'finish', reason })
const toolCall = (id: string, name: string, args: unknown): LlmStreamPart[] => [{ type: 'tool_call_delta', index: Number(id.replace(/\D/g, '') || 0), id, name, arguments: JSON.stringify(args) }]
const isSubagent = (request: LlmRequest) => request.messages[0]?.content === SUBAGENT_SYSTEM_PROMPT
const lastTool = (request: LlmRequest) => request.messages.at(-1)?.role === 'tool' ? request.messages.at(-1)!.content! : null

function setup(llm: ScriptedLlm, subagents: Partial<AppConfig['subagents']> = {}) {
  const harness = createJobHarness(llm)
  const config = {
    llm: { models: ['mock/x', 'mock/y'], demo: false } as AppConfig['llm'],
    subagents: { maxConcurrent: 2, maxConcurrentPerUser: 2, maxQueuedPerUser: 10, maxDepth: 1, resultMaxCharacters: 1000, ...subagents },
  }
  harness.kinds.register(subagentKind(harness.agentDeps, { max: config.subagents.maxConcurrent, perUser: config.subagents.maxConcurrentPerUser }))
  for (const tool of createSubagentTools({ store: harness.store, runner: harness.runner, tools: harness.tools, config })) harness.tools.registerTool(tool)
  return harness
}

const children = (harness: JobHarness, parent: Job) => harness.store.listChildJobs(parent.userId, parent.id)

describe('sub-agents', () => {
  it('spawn answers at once; the parent turn ends while the sub-agent runs on to completion', async () => {
    const llm = scriptedLlm((request, index) => {
      if (isSubagent(request)) return { parts: [text('sub '), text('result'), finish('stop')], holdAfter: 1 }
      if (index === 0) return { parts: [...toolCall('s1', 'spawn_subagent', { prompt: 'Research heat pumps', metadata: { title: 'Heat pumps' } }), finish('tool_calls')] }
      return { parts: [text(`Started: ${lastTool(request)}`), finish('stop')] }
    })
    const harness = setup(llm)
    const parent = await harness.submit('alice', 'research in the background')
    const ended = await harness.waitForEnd(parent)
    expect(ended.status).toBe('complete')
    const [child] = await children(harness, parent)
    expect(child).toMatchObject({ kind: 'subagent', title: 'Heat pumps', threadId: parent.threadId, status: 'streaming' })
    expect(ended.content).toBe(`Started: {"task_id":"${child!.id}","status":"pending"}`)
    expect(child!.input).toMatchObject({ prompt: 'Research heat pumps', depth: 1, tools: [] })
    llm.release()
    const done = await harness.waitForEnd(child!)
    expect(done).toMatchObject({ status: 'complete', content: 'sub result' })
  })

  it('status moves pending → running → completed; result says "not ready" until then and then marks it read', async () => {
    let childId = ''
    const answers: string[] = []
    const llm = scriptedLlm((request) => {
      if (isSubagent(request)) return { parts: [text('the finding'), finish('stop')], holdAfter: 0 }
      const ask = request.messages.at(-1)!
      if (ask.role === 'user') {
        if (ask.content === 'spawn') return { parts: [...toolCall('a1', 'spawn_subagent', { prompt: 'Task' }), finish('tool_calls')] }
        return { parts: [...toolCall('b1', ask.content!, { task_id: childId }), finish('tool_calls')] }
      }
      answers.push(lastTool(request)!)
      return { parts: [text('ok'), finish('stop')] }
    })
    const harness = setup(llm)
    const first = await harness.submit('alice', 'spawn')
    await harness.waitForEnd(first)
    const [child] = await children(harness, first)
    childId = child!.id
    const ask = async (tool: string) => {
      const turn = await harness.store.createTurn('alice', { threadId: first.threadId!, content: tool, model: 'mock/x', isDemo: false })
      await harness.runner.submit(turn!.job)
      await harness.waitForEnd(turn!.job)
      return answers.at(-1)!
    }
    expect(JSON.parse(await ask('subagent_status'))).toMatchObject({ task_id: childId, status: 'running', progress: { tokens: 0, tool_calls: 0 } })
    expect(await ask('subagent_result')).toMatch(/^not ready yet \(running for \d+ s\)$/)
    llm.release()
    await harness.waitForEnd(child!)
    expect(JSON.parse(await ask('subagent_status'))).toMatchObject({ status: 'completed', finished_at: expect.any(String) })
    expect(JSON.parse(await ask('subagent_result'))).toEqual({ task_id: childId, status: 'completed', result: 'the finding' })
    expect((await harness.store.getJob('alice', childId))!.resultReadAt).toEqual(expect.any(Number))
  })

  it('refuses ids of another thread or user as if they did not exist', async () => {
    let childId = ''
    const answers: string[] = []
    const llm = scriptedLlm((request) => {
      if (isSubagent(request)) return { parts: [text('x'), finish('stop')] }
      const ask = request.messages.at(-1)!
      if (ask.role === 'user') {
        return ask.content === 'spawn'
          ? { parts: [...toolCall('a1', 'spawn_subagent', { prompt: 'Task' }), finish('tool_calls')] }
          : { parts: [...toolCall('b1', 'subagent_result', { task_id: childId }), finish('tool_calls')] }
      }
      answers.push(lastTool(request)!)
      return { parts: [text('ok'), finish('stop')] }
    })
    const harness = setup(llm)
    const first = await harness.submit('alice', 'spawn')
    await harness.waitForEnd(first)
    childId = (await children(harness, first))[0]!.id
    await harness.waitForEnd({ id: childId, userId: 'alice' })
    await harness.waitForEnd(await harness.submit('alice', 'other thread'))
    await harness.waitForEnd(await harness.submit('bob', 'other user'))
    expect(answers.slice(-2)).toEqual([
      `Error: tool 'subagent_result' failed: no sub-agent task '${childId}' exists in this conversation`,
      `Error: tool 'subagent_result' failed: no sub-agent task '${childId}' exists in this conversation`,
    ])
    expect((await harness.store.getJob('alice', childId))!.resultReadAt).toBeNull()
  })

  it('a sub-agent is not offered the sub-agent tools at the depth limit, and may not receive tools its parent lacks', async () => {
    const results: string[] = []
    const llm = scriptedLlm((request, index) => {
      if (isSubagent(request)) return { parts: [text('done'), finish('stop')] }
      if (index === 0) return { parts: [...toolCall('a1', 'spawn_subagent', { prompt: 'Task', tools: ['secret'] }), ...toolCall('a2', 'spawn_subagent', { prompt: 'Task 2' }), finish('tool_calls')] }
      results.push(...request.messages.filter(message => message.role === 'tool').map(message => message.content!))
      return { parts: [text('ok'), finish('stop')] }
    })
    const harness = setup(llm)
    const parent = await harness.submit()
    await harness.waitForEnd(parent)
    expect(results[0]).toMatch(/^Error: tool 'spawn_subagent' failed: not started: tools not available to hand off: secret; available: spawn_subagent, subagent_result, subagent_status/)
    const [child] = await children(harness, parent)
    await harness.waitForEnd(child!)
    expect(child!.input).toMatchObject({ tools: [], depth: 1 })
    const childRequest = llm.requests.find(isSubagent)!
    expect(childRequest.tools ?? []).toEqual([])
  })

  it('runs at most maxConcurrent sub-agents and queues the rest; past the per-user queue limit spawn answers an error', async () => {
    const llm = scriptedLlm((request, index) => {
      if (isSubagent(request)) return { parts: [text('part'), text(' done'), finish('stop')], holdAfter: 1 }
      if (index === 0) return { parts: [1, 2, 3, 4].flatMap(n => toolCall(`c${n}`, 'spawn_subagent', { prompt: `Task ${n}` })).concat(finish('tool_calls')) }
      return { parts: [text(request.messages.filter(message => message.role === 'tool').map(message => message.content).join(' | ')), finish('stop')] }
    })
    const harness = setup(llm, { maxConcurrent: 2, maxQueuedPerUser: 3 })
    const parent = await harness.submit()
    const ended = await harness.waitForEnd(parent)
    expect(ended.content).toMatch(/too many sub-agents: 3 are already pending or running \(the limit is 3\)/)
    const spawned = await until(() => children(harness, parent), list => list.filter(job => job.status === 'streaming').length === 2, 'two running')
    expect(spawned.map(job => job.status).sort()).toEqual(['queued', 'streaming', 'streaming'])
    llm.release()
    await until(() => children(harness, parent), list => list.filter(job => job.status === 'streaming').length === 1 && list.filter(job => job.status === 'complete').length === 2, 'the third to start')
    llm.release()
    const all = await until(() => children(harness, parent), list => list.every(job => isTerminalStatus(job.status)), 'all done')
    expect(all.map(job => job.status)).toEqual(['complete', 'complete', 'complete'])
  })

  it('stopping the parent turn cancels its unfinished sub-agents; a finished one stays', async () => {
    const llm = scriptedLlm((request, index) => {
      if (isSubagent(request)) return request.messages[1]!.content === 'quick' ? { parts: [text('fast'), finish('stop')] } : { parts: [text('slow'), text(' more'), finish('stop')], holdAfter: 1 }
      if (index === 0) return { parts: [...toolCall('c1', 'spawn_subagent', { prompt: 'quick' }), ...toolCall('c2', 'spawn_subagent', { prompt: 'long' }), finish('tool_calls')] }
      return { parts: [text('waiting'), text(' on'), finish('stop')], holdAfter: 1 }
    })
    const harness = setup(llm)
    const parent = await harness.submit()
    const spawned = await until(() => children(harness, parent), list => list.length === 2 && list.some(job => job.status === 'complete') && list.some(job => job.status === 'streaming'), 'one done, one running')
    expect(await harness.runner.abort('alice', parent.id)).toBe(true)
    const after = await until(() => children(harness, parent), list => list.every(job => isTerminalStatus(job.status)), 'children ended')
    expect(after.map(job => [job.input?.prompt, job.status])).toEqual([['quick', 'complete'], ['long', 'aborted']])
    expect(spawned).toHaveLength(2)
  })

  it('a sub-agent past its token budget fails with a clear error, keeping its output', async () => {
    const llm = scriptedLlm((request, index) => {
      if (isSubagent(request)) return { parts: [text('spent'), { type: 'usage', usage: { promptTokens: 900, completionTokens: 200, cachedTokens: 0, reasoningTokens: 0 } }, finish('stop')] }
      if (index === 0) return { parts: [...toolCall('c1', 'spawn_subagent', { prompt: 'Task', budget: 1000 }), finish('tool_calls')] }
      return { parts: [text('ok'), finish('stop')] }
    })
    const harness = setup(llm)
    const parent = await harness.submit()
    await harness.waitForEnd(parent)
    const [child] = await children(harness, parent)
    const done = await harness.waitForEnd(child!)
    expect(done).toMatchObject({ status: 'error', content: 'spent', error: expect.stringMatching(/^token budget exceeded: this sub-agent used 1100 tokens of its budget of 1000/) })
  })
})
