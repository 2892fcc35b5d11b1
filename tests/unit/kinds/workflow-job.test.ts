// The `workflow` job kind with real agent runs against a scripted model: nodes and logs in the job's
// state, schema'd output with one repair round, failed branches, the result cache counted at the
// model, budgets, the concurrency limit and queue, cancel and the resume after a crash.
import { describe, expect, it } from 'vitest'
import type { WorkflowNode } from '#shared/types/workflow'
import { agentCacheKey } from '../../../server/core/kinds/workflow/agent-cache-key'
import { recoverJobs } from '../../../server/core/jobs/durability/job-recovery'
import { silentLogger } from '../support/job-harness'
import { promptOf, workflowHarness, type Answer } from './workflow-support'

const research = `export const workflow = {
  name: 'research', description: 'Plan, research in parallel, write', args: { prompt: { type: 'string' } },
  async run(args) {
    phase('plan')
    const plan = await agent('planner', { prompt: 'Plan: ' + args.prompt, schema: { type: 'object', properties: { questions: { type: 'array', items: { type: 'string' } } }, required: ['questions'] } }).run()
    phase('research')
    const notes = await parallel(plan.questions.map((q, i) => agent('research-' + i, { prompt: 'Research: ' + q })))
    log(notes.filter(Boolean).length + ' of ' + notes.length + ' parts answered')
    phase('write')
    return pipeline([agent('draft', { prompt: 'Draft a report' }), agent('edit', { prompt: 'Tighten it' })]).run(notes.filter(Boolean).join('\\n'))
  },
}`

const answers: Answer = (prompt) => {
  if (prompt.startsWith('Plan: ')) return { text: JSON.stringify({ questions: [`${prompt.slice(6)} A`, `${prompt.slice(6)} B`] }) }
  if (prompt.startsWith('Research: ')) return { text: `note on ${prompt.slice(10)}` }
  if (prompt === 'Draft a report') return { text: 'draft' }
  return { text: 'The final report.' }
}

const statuses = (nodes: WorkflowNode[] | undefined) => (nodes ?? []).map(node => [node.id, node.phase, node.status])

describe('the workflow job kind', () => {
  it('runs every step as an agent run and writes the result as the answer, with nodes, phases and logs', async () => {
    const harness = workflowHarness({ research }, answers)
    const job = await harness.run('research', { prompt: 'heat pumps' })
    expect(job.status).toBe('complete')
    expect(job.content).toBe('The final report.')
    const workflow = harness.workflowOf(job)!
    expect(workflow.phases).toEqual(['plan', 'research', 'write'])
    expect(statuses(workflow.nodes)).toEqual([
      ['planner', 'plan', 'completed'], ['research-0', 'research', 'completed'], ['research-1', 'research', 'completed'],
      ['draft', 'write', 'completed'], ['edit', 'write', 'completed'],
    ])
    expect(workflow.nodes[0]).toMatchObject({ tokens: 15, output: expect.stringContaining('"questions"') })
    expect(workflow.logs).toEqual([expect.objectContaining({ message: '2 of 2 parts answered', phase: 'research', level: 'info' })])
    expect(harness.llm.requests.map(promptOf)).toHaveLength(5)
    const edit = harness.llm.requests.find(request => promptOf(request) === 'Tighten it')!
    expect(edit.messages.at(-1)!.content).toContain('Input:\ndraft')
    expect(edit.tools).toBeUndefined()
    // The checkpoint keeps each finished step's result, never a step's conversation (an interrupted step runs again).
    const state = job.checkpoint!.state as Record<string, unknown>
    expect(Object.keys(state).sort()).toEqual(['results', 'workflow'])
    expect(Object.values(state.results as Record<string, unknown>)).toHaveLength(5)
    expect(JSON.stringify(state)).not.toContain('"role"')
  })

  it('streams node and log events that fold into the same state the job stores', async () => {
    const harness = workflowHarness({ research }, answers)
    const job = await harness.start('research', { prompt: 'x' })
    const live = harness.registry.get(job.id)!
    const types = new Set<string>()
    live.subscribe(event => types.add(event.type))
    const ended = await harness.waitForEnd(job)
    expect([...types]).toEqual(expect.arrayContaining(['node', 'log']))
    expect(statuses(live.snapshot.workflow?.nodes)).toEqual(statuses(harness.workflowOf(ended)?.nodes))
  })

  it('repairs a schema\'d answer once, then fails the step', async () => {
    let planReplies = 0
    const harness = workflowHarness({ research }, (prompt, request, index) => {
      if (prompt.startsWith('Plan: ')) {
        planReplies += 1
        return { text: planReplies === 1 ? 'not json' : '```json\n{"questions": ["only one"]}\n```' }
      }
      return answers(prompt, request, index)
    })
    const job = await harness.run('research', { prompt: 'x' })
    expect(job.status).toBe('complete')
    expect(planReplies).toBe(2)
    expect(harness.llm.requests[1]!.messages.at(-1)!.content).toMatch(/does not match the schema/)
    expect(harness.workflowOf(job)!.nodes.filter(node => node.phase === 'research')).toHaveLength(1)

    const failing = workflowHarness({ research }, (prompt, request, index) => prompt.startsWith('Plan: ') ? { text: '{"questions": "no"}' } : answers(prompt, request, index))
    const failed = await failing.run('research', { prompt: 'x' })
    expect(failed.status).toBe('error')
    expect(failed.error).toMatch(/did not reply with JSON matching its schema after one repair/)
    expect(failing.workflowOf(failed)!.nodes).toEqual([expect.objectContaining({ id: 'planner', status: 'error' })])
  })

  it('a failed parallel branch yields null and an error node; the others go on', async () => {
    const harness = workflowHarness({ research }, (prompt, request, index) => prompt.endsWith(' B')
      ? { text: '', error: Object.assign(new Error('model exploded'), { name: 'LlmError' }) }
      : answers(prompt, request, index))
    const job = await harness.run('research', { prompt: 'x' })
    expect(job.status).toBe('complete')
    const workflow = harness.workflowOf(job)!
    expect(workflow.nodes.find(node => node.id === 'research-1')).toMatchObject({ status: 'error', error: expect.stringContaining('model exploded') })
    expect(workflow.logs.map(log => log.message)).toContain('1 of 2 parts answered')
  })

  it('answers an identical second run from the cache and re-runs only the steps a changed argument changes', async () => {
    const harness = workflowHarness({ research }, answers)
    await harness.run('research', { prompt: 'heat pumps' })
    expect(harness.llm.requests).toHaveLength(5)
    const again = await harness.run('research', { prompt: 'heat pumps' })
    expect(harness.llm.requests).toHaveLength(5)
    expect(again.content).toBe('The final report.')
    expect(harness.workflowOf(again)!.nodes.map(node => node.status)).toEqual(['cached', 'cached', 'cached', 'cached', 'cached'])
    // Another prompt changes the plan, the research and the draft's input; the edit gets the same draft, so it is cached.
    const changed = await harness.run('research', { prompt: 'solar' })
    expect(harness.llm.requests.slice(5).map(promptOf)).toEqual(['Plan: solar', 'Research: solar A', 'Research: solar B', 'Draft a report'])
    expect(harness.workflowOf(changed)!.nodes.map(node => node.status)).toEqual(['completed', 'completed', 'completed', 'completed', 'cached'])
  })

  it('re-runs only the changed step when an argument changes one step', async () => {
    const script = `export const workflow = { name: 'two', description: 'Two steps', args: {}, async run(args) {
      const a = await agent('fixed', { prompt: 'Always the same' }).run()
      const b = await agent('varied', { prompt: 'About ' + args.topic }).run()
      return a + ' / ' + b } }`
    const harness = workflowHarness({ two: script }, prompt => ({ text: `answer to ${prompt}` }))
    await harness.run('two', { topic: 'cats' })
    const second = await harness.run('two', { topic: 'dogs' })
    expect(harness.llm.requests.map(promptOf)).toEqual(['Always the same', 'About cats', 'About dogs'])
    expect(harness.workflowOf(second)!.nodes.map(node => [node.id, node.status])).toEqual([['fixed', 'cached'], ['varied', 'completed']])
  })

  it('never caches a failed step', async () => {
    let calls = 0
    const script = `export const workflow = { name: 'one', description: 'One step', args: {}, async run() { return agent('only', { prompt: 'Go' }).run() } }`
    const harness = workflowHarness({ one: script }, () => (calls += 1) === 1 ? { text: '', error: new Error('first attempt fails') } : { text: 'fine' })
    expect((await harness.run('one', {})).status).toBe('error')
    const second = await harness.run('one', {})
    expect(second).toMatchObject({ status: 'complete', content: 'fine' })
    expect(calls).toBe(2)
  })

  it('stops a step at the end of the round that took it past what its budget had left', async () => {
    const script = `export const workflow = { name: 'b', description: 'Budgeted', args: {}, async run() {
      phase('all', { budget: budget(20) }); for (const id of ['a', 'b', 'c']) await agent(id, { prompt: 'Step ' + id }).run(); return 'done' } }`
    const harness = workflowHarness({ b: script }, prompt => ({ text: prompt }))
    const job = await harness.run('b', {})
    expect(job.status).toBe('error')
    expect(job.error).toMatch(/agent "b" used 15 tokens, more than the 5 its budget had left/)
    expect(harness.llm.requests).toHaveLength(2)
  })

  it('ends with a readable error for an unknown workflow', async () => {
    const harness = workflowHarness({}, () => ({ text: 'x' }))
    const job = await harness.run('missing', {})
    expect(job).toMatchObject({ status: 'error', error: expect.stringMatching(/no workflow named "missing"/) })
  })

  it('runs at most maxConcurrent workflows at once; the rest wait queued', async () => {
    const script = `export const workflow = { name: 'slow', description: 'Slow', args: {}, async run(args) { return agent('s', { prompt: 'Slow ' + args.n }).run() } }`
    const harness = workflowHarness({ slow: script }, () => ({ text: 'done', hold: true }), { maxConcurrent: 2 })
    const jobs = [await harness.start('slow', { n: 1 }), await harness.start('slow', { n: 2 }), await harness.start('slow', { n: 3 })]
    await until(async () => harness.llm.requests.length === 2)
    const states = await Promise.all(jobs.map(job => harness.store.getJob('alice', job.id)))
    expect(states.map(job => job!.status).sort()).toEqual(['queued', 'streaming', 'streaming'])
    harness.llm.release()
    await until(async () => harness.llm.requests.length === 3)
    harness.llm.release()
    const ended = await Promise.all(jobs.map(job => harness.waitForEnd(job)))
    expect(ended.map(job => job.status)).toEqual(['complete', 'complete', 'complete'])
  })

  it('cancel stops the running agents of the run', async () => {
    const script = `export const workflow = { name: 'wide', description: 'Wide', args: {}, async run() { return parallel([agent('a', { prompt: 'A' }), agent('b', { prompt: 'B' })]) } }`
    const harness = workflowHarness({ wide: script }, () => ({ text: 'never', hold: true }))
    const job = await harness.start('wide', {})
    await until(async () => harness.llm.requests.length === 2)
    expect(await harness.runner.abort('alice', job.id)).toBe(true)
    const ended = await harness.waitForEnd(job)
    expect(ended.status).toBe('aborted')
    expect(harness.llm.requests.every(request => request.signal.aborted)).toBe(true)
  })

  it('resumes after a crash by re-running the script with the finished steps answered from the checkpoint', async () => {
    const harness = workflowHarness({ research }, answers)
    const { store } = harness
    const thread = await store.createThread('alice', {})
    const turn = await store.createTurn('alice', { threadId: thread.id, content: '/research', model: 'mock/x', isDemo: false, kind: 'workflow', title: 'research', input: { name: 'research', args: { prompt: 'heat pumps' } } })
    const jobId = turn!.job.id
    await store.claimJobLease(jobId, 'dead-instance', Date.now() - 1, Date.now() - 10)
    const dead = { owner: 'dead-instance' }
    await store.markJobStreaming('alice', jobId, dead)
    const plan = { questions: ['heat pumps A', 'heat pumps B'] }
    const planKey = agentCacheKey({ prompt: 'Plan: heat pumps', model: 'mock/x', tools: [], schema: { type: 'object', properties: { questions: { type: 'array', items: { type: 'string' } } }, required: ['questions'] }, input: null }, 'mock/x')
    const researchKey = agentCacheKey({ prompt: 'Research: heat pumps A', model: 'mock/x', tools: [], schema: null, input: null }, 'mock/x')
    const node = (id: string, phase: string): WorkflowNode => ({ id, agent: id, phase, status: 'completed', startedAt: 1, finishedAt: 2, tokens: 15, toolCalls: [], output: 'x', error: null })
    await store.saveCheckpoint('alice', jobId, {
      contentLength: 0, completedToolCallIds: [], savedAt: Date.now(),
      state: {
        workflow: { name: 'research', phases: ['plan', 'research'], nodes: [node('planner', 'plan'), node('research-0', 'research'), { ...node('research-1', 'research'), status: 'active' }], logs: [] },
        results: { [planKey]: plan, [researchKey]: 'note on heat pumps A' },
      },
    }, dead)
    await recoverJobs({ store, runner: harness.runner, registry: harness.registry, leaseMs: 60_000, maxAttempts: 3, logger: silentLogger })
    const ended = await harness.waitForEnd(turn!.job)
    expect(ended).toMatchObject({ status: 'complete', content: 'The final report.' })
    expect(harness.llm.requests.map(promptOf)).toEqual(['Research: heat pumps B', 'Draft a report', 'Tighten it'])
    expect(statuses(harness.workflowOf(ended)!.nodes)).toEqual([
      ['planner', 'plan', 'completed'], ['research-0', 'research', 'completed'], ['research-1', 'research', 'completed'],
      ['draft', 'write', 'completed'], ['edit', 'write', 'completed'],
    ])
  })
})

async function until(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}
