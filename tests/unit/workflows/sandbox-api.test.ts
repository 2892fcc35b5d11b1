// The script API inside the sandbox: agent, parallel, pipeline, phase, budget, log and args, with a
// fake agent host (what each step asked for and in what order), and describing a workflow file.
import { describe, expect, it } from 'vitest'
import { AgentBudgetError, AgentStepError, describeWorkflowScript } from '../../../server/core/workflows/sandbox/workflow-sandbox'
import { fakeHost, moduleWith, runScript, testLimits } from './sandbox-support'

const valueOf = async (body: string, options: Parameters<typeof runScript>[1] = {}) => {
  const outcome = await runScript(moduleWith(body), options)
  if (!outcome.ok) throw outcome.error
  return { value: outcome.value, host: outcome.host }
}

describe('the workflow script API', () => {
  it('agent().run() hands the host the spec and input and resolves to its answer', async () => {
    const { value, host } = await valueOf(`return agent('planner', { prompt: 'plan it', model: 'm/x', tools: ['web_search'], schema: { type: 'object' } }).run({ n: 1 })`)
    expect(value).toBe('planner:plan it')
    expect(host.calls).toEqual([{ id: 'planner', prompt: 'plan it', model: 'm/x', tools: ['web_search'], schema: { type: 'object' }, input: { n: 1 }, phase: null, maxTokens: testLimits.budgetTokens }])
  })

  it('agent() resolves to the object the host gives (a schema\'d answer)', async () => {
    const { value } = await valueOf(`const plan = await agent('p', { prompt: 'x' }).run(); return plan.questions.length`, { host: fakeHost(() => ({ questions: ['a', 'b'] })) })
    expect(value).toBe(2)
  })

  it('rejects an agent without a prompt before asking the host', async () => {
    const outcome = await runScript(moduleWith(`return agent('p', {}).run()`))
    expect(outcome.ok).toBe(false)
    expect(outcome.ok ? '' : outcome.error.message).toMatch(/options.prompt must be a string/)
    expect(outcome.host.calls).toEqual([])
  })

  it('parallel() starts every branch; a failed one yields null and a log line, the others go on', async () => {
    const { value, host } = await valueOf(`return parallel([agent('a', { prompt: 'one' }), agent('b', { prompt: 'fail' }), agent('c', { prompt: 'three' }), () => 'fn'])`)
    expect(value).toEqual(['a:one', null, 'c:three', 'fn'])
    expect(host.calls.map(call => call.id)).toEqual(['a', 'b', 'c'])
    expect(host.logs).toEqual([{ message: 'branch 2 of 4 failed: agent b failed on purpose', phase: null, level: 'error' }])
  })

  it('pipeline() runs steps in order, each receiving the previous output; a step may be a function', async () => {
    const { value, host } = await valueOf(`return pipeline([agent('draft', { prompt: 'write' }), (text) => text.toUpperCase(), agent('edit', { prompt: 'tighten' })]).run('notes')`)
    expect(value).toBe('edit:tighten')
    expect(host.calls.map(call => [call.id, call.input])).toEqual([['draft', 'notes'], ['edit', 'DRAFT:WRITE']])
  })

  it('phase() tags the agents and logs that follow and tells the host', async () => {
    const { host } = await valueOf(`phase('plan'); await agent('a', { prompt: 'x' }).run(); log('planned'); phase('research'); await agent('b', { prompt: 'y' }).run(); return 1`)
    expect(host.phases).toEqual(['plan', 'research'])
    expect(host.calls.map(call => call.phase)).toEqual(['plan', 'research'])
    expect(host.logs).toEqual([{ message: 'planned', phase: 'plan', level: 'info' }])
  })

  it('budget() counts what the agents it covers spent and passes the remaining tokens to the host', async () => {
    const { value, host } = await valueOf(`const b = budget(100); await agent('a', { prompt: 'x', budget: b }).run(); await agent('b', { prompt: 'y', budget: b }).run(); return [b.total, b.spent(), b.remaining()]`)
    expect(value).toEqual([100, 20, 80])
    expect(host.calls.map(call => call.maxTokens)).toEqual([100, 90])
  })

  it('a phase budget covers every agent of the phase and stops the run past it', async () => {
    const outcome = await runScript(moduleWith(`phase('research', { budget: budget(25) }); for (const id of ['a', 'b', 'c', 'd']) await agent(id, { prompt: 'x' }).run(); return 'done'`))
    expect(outcome.ok).toBe(false)
    expect(outcome.ok ? null : outcome.error.code).toBe('budget')
    expect(outcome.host.calls.map(call => call.id)).toEqual(['a', 'b', 'c'])
  })

  it('a parallel budget covers its branches and its overrun is not swallowed as a failed branch', async () => {
    const outcome = await runScript(moduleWith(`return parallel([agent('a', { prompt: 'x' }), agent('b', { prompt: 'y' })], { budget: 15 })`))
    expect(outcome.ok).toBe(false)
    expect(outcome.ok ? '' : outcome.error.message).toMatch(/budget of 15 tokens exceeded/)
  })

  it('a pipeline budget stops a later step', async () => {
    const outcome = await runScript(moduleWith(`return pipeline([agent('a', { prompt: 'x' }), agent('b', { prompt: 'y' }), agent('c', { prompt: 'z' })], { budget: 15 }).run()`))
    expect(outcome.ok ? null : outcome.error.code).toBe('budget')
    expect(outcome.host.calls.map(call => call.id)).toEqual(['a', 'b'])
  })

  it('an agent the host stopped for its budget is a budget error in the script', async () => {
    const host = fakeHost()
    host.agent = async () => { throw new AgentBudgetError('agent a used 50 tokens of 40') }
    const outcome = await runScript(moduleWith(`try { await agent('a', { prompt: 'x' }).run() } catch (error) { return error.name + ': ' + error.message }`), { host })
    expect(outcome.ok ? outcome.value : outcome.error).toBe('BudgetError: agent a used 50 tokens of 40')
  })

  it('counts the tokens a failed step used against its budgets', async () => {
    const host = fakeHost()
    host.agent = async () => { throw new AgentStepError('the model gave up', 12, false) }
    const { value } = await valueOf(`const b = budget(100); const out = await parallel([agent('a', { prompt: 'x', budget: b })]); return [out, b.spent()]`, { host })
    expect(value).toEqual([[null], 12])
    const over = await runScript(moduleWith(`await parallel([agent('a', { prompt: 'x' }), agent('b', { prompt: 'y' })]); return 'done'`), { host, limits: { budgetTokens: 20 } })
    expect(over.ok ? null : over.error.code).toBe('budget')
  })

  it('args are the run\'s arguments, frozen', async () => {
    const { value } = await valueOf(`let changed = true; try { args.prompt = 'other' } catch { changed = false } return [args.prompt, args.depth, changed]`, { args: { prompt: 'heat pumps', depth: 2 } })
    expect(value).toEqual(['heat pumps', 2, false])
  })

  it('returns undefined as null and a JSON result as is', async () => {
    expect((await valueOf(`return undefined`)).value).toBeNull()
    expect((await valueOf(`return { report: 'r', parts: [1, 2] }`)).value).toEqual({ report: 'r', parts: [1, 2] })
  })
})

describe('describing a workflow file', () => {
  it('reads name, description and args without running it', async () => {
    const source = `export const workflow = { name: 'deep-research', description: 'Research', args: { prompt: { type: 'string', description: 'The question' } }, async run() { return agent('a', { prompt: 'x' }).run() } }`
    await expect(describeWorkflowScript(source, testLimits)).resolves.toEqual({ name: 'deep-research', description: 'Research', args: { prompt: { type: 'string', description: 'The question' } } })
  })

  it.each([
    ['no run function', `export const workflow = { name: 'x', description: 'd', args: {} }`, /run must be a function/],
    ['a bad name', `export const workflow = { name: 'Bad Name', description: 'd', args: {}, run() {} }`, /lowercase/],
    ['no description', `export const workflow = { name: 'x', args: {}, run() {} }`, /description/],
    ['a bad args shape', `export const workflow = { name: 'x', description: 'd', args: { prompt: { type: 'date' } }, run() {} }`, /args/],
    ['no workflow export', `export const other = 1`, /export const workflow/],
    ['a syntax error', `export const workflow = {`, /not a workflow module/],
  ])('refuses a file with %s', async (_, source, message) => {
    await expect(describeWorkflowScript(source, testLimits)).rejects.toThrow(message)
  })
})
