// What a model is offered is exactly what may run, through the built server: with `calculate` switched
// off for a thread and a model that calls it anyway, the tool never executes (its counter and metric do
// not move) and the model reads the "not enabled" result; switching it back on runs it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChatFixture, type ChatFixture } from './support/chat-fixture'
import { scenarioText } from './support/scenarios'

let fixture: ChatFixture

beforeAll(async () => { fixture = await startChatFixture() })
afterAll(async () => { await fixture?.close() })

interface SentBody { messages: { role: string; content: string | null; tool_call_id?: string }[]; tools?: { function: { name: string } }[] }

/** The value of one Prometheus counter series in /api/metrics (0 when absent). */
async function counter(name: string, labels: string): Promise<number> {
  const response = await fetch(`${fixture.server.url}/api/metrics`)
  const line = (await response.text()).split('\n').find(row => row.startsWith(`${name}{${labels}}`))
  return line ? Number(line.split(' ').at(-1)) : 0
}

describe('enforced tool sets', () => {
  it('never executes a switched-off tool the model calls anyway, and tells the model', async () => {
    const thread = await fixture.newThread()
    const patched = await fixture.server.api<{ disabledTools: string[] }>(`/api/threads/${thread.id}`, { method: 'PATCH', body: { disabledTools: ['calculate'] } })
    expect(patched.body.disabledTools).toEqual(['calculate'])
    const before = await counter('errand_tool_executions_started_total', 'tool="calculate"')
    fixture.mock.reset()
    const ids = await fixture.send('tool-two-rounds', { threadId: thread.id, content: 'What is 17% of 2,340, doubled?' })
    const job = await fixture.waitForJob(ids.jobId)
    expect(job.status).toBe('complete')
    expect(job.content).toBe(scenarioText('tool-two-rounds'))
    expect(job.toolCalls.map(call => [call.name, call.status])).toEqual([['calculate', 'error'], ['calculate', 'error']])
    expect(job.toolCalls[0]!.error).toMatch(/^tool 'calculate' is not enabled here; enabled: get_current_time/)
    const bodies = fixture.mock.requests.map(request => request.body as SentBody)
    expect(bodies[0]!.tools?.map(tool => tool.function.name)).not.toContain('calculate')
    expect(bodies[1]!.messages.at(-1)).toMatchObject({ role: 'tool', content: expect.stringMatching(/^Error: tool 'calculate' is not enabled here/) })
    expect(await counter('errand_tool_executions_started_total', 'tool="calculate"')).toBe(before)

    // Switched back on, the same question runs the calculator.
    await fixture.server.api(`/api/threads/${thread.id}`, { method: 'PATCH', body: { disabledTools: [] } })
    const again = await fixture.waitForJob((await fixture.send('tool-two-rounds', { threadId: thread.id, content: 'Again, please.' })).jobId)
    expect(again.toolCalls.map(call => call.status)).toEqual(['completed', 'completed'])
    expect(await counter('errand_tool_executions_started_total', 'tool="calculate"')).toBe(before + 2)
  })

  it('accepts enabledTools on PATCH and refuses a bad body with a 400', async () => {
    const thread = await fixture.newThread()
    const { status, body } = await fixture.server.api<{ enabledTools: string[]; disabledTools: string[] }>(`/api/threads/${thread.id}`, { method: 'PATCH', body: { enabledTools: ['web_search'] } })
    expect(status).toBe(200)
    expect(body).toMatchObject({ enabledTools: ['web_search'], disabledTools: [] })
    expect((await fixture.server.api(`/api/threads/${thread.id}`, { method: 'PATCH', body: { enabledTools: 'calculate' } })).status).toBe(400)
    expect((await fixture.server.api(`/api/threads/${thread.id}`, { method: 'PATCH', body: {} })).status).toBe(400)
    expect((await fixture.server.api(`/api/threads/${thread.id}`, { method: 'PATCH', body: { model: 'nope/unknown' } })).status).toBe(400)
  })
})
