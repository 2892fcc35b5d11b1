// The tool loop against the built server and the mock model: the messages sent in each round, the
// tool_call events live and on re-attach, and the stored job metadata.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '#shared/types/job'
import type { JobEvent } from '#shared/types/job-event'
import type { Message } from '#shared/types/thread'
import { startChatFixture, type ChatFixture } from './support/chat-fixture'
import { scenarioText } from './support/scenarios'
import { openSse, textOf } from './support/sse-reader'

let fixture: ChatFixture

beforeAll(async () => { fixture = await startChatFixture({ NUXT_TOOLS_MAX_ROUNDS: '4' }) })
afterAll(async () => { await fixture?.close() })

interface SentBody { messages: { role: string; content: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[]; tools?: { function: { name: string } }[] }

const toolEvents = (events: JobEvent[]) => events.flatMap(event => event.type === 'tool_call' ? [[event.toolCall.id, event.toolCall.status]] : [])

describe('tool loop through the built server', () => {
  it('runs a two-round calculation with the right messages in each round', async () => {
    fixture.mock.reset()
    const ids = await fixture.send('tool-two-rounds', { content: 'What is 17% of 2,340, doubled?' })
    const live = await openSse(`${fixture.server.url}/api/jobs/${ids.jobId}/stream?after=0`)
    await live.done
    const job = await fixture.waitForJob(ids.jobId)
    expect(job.status).toBe('complete')
    expect(job.content).toBe(scenarioText('tool-two-rounds'))

    const bodies = fixture.mock.requests.map(request => request.body as SentBody)
    expect(bodies).toHaveLength(3)
    expect(bodies[0]!.tools?.map(tool => tool.function.name)).toEqual(expect.arrayContaining(['calculate', 'get_current_time']))
    expect(bodies[0]!.messages.map(message => message.role)).toEqual(['system', 'user'])
    expect(bodies[1]!.messages.map(message => message.role)).toEqual(['system', 'user', 'assistant', 'tool'])
    expect(bodies[1]!.messages[2]!.tool_calls?.[0]).toMatchObject({ id: 'call_calc_1', function: { name: 'calculate' } })
    expect(bodies[1]!.messages[3]).toMatchObject({ tool_call_id: 'call_calc_1' })
    expect(JSON.parse(bodies[1]!.messages[3]!.content!)).toMatchObject({ result: '397.8' })
    expect(bodies[2]!.messages.map(message => message.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'tool'])
    expect(JSON.parse(bodies[2]!.messages[5]!.content!)).toMatchObject({ result: '795.6' })

    expect(toolEvents(live.events)).toEqual([
      ['call_calc_1', 'pending'], ['call_calc_1', 'running'], ['call_calc_1', 'completed'],
      ['call_calc_2', 'pending'], ['call_calc_2', 'running'], ['call_calc_2', 'completed'],
    ])
    expect(job.toolCalls.map(call => [call.id, call.name, call.status, call.round])).toEqual([
      ['call_calc_1', 'calculate', 'completed', 1], ['call_calc_2', 'calculate', 'completed', 2],
    ])
    expect(job.toolCalls[0]!.args).toEqual({ expression: '17% * 2340' })
    expect(job.toolRounds.map(round => [round.round, round.toolCallIds])).toEqual([[1, ['call_calc_1']], [2, ['call_calc_2']], [3, []]])

    const { body: messages } = await fixture.server.api<Message[]>(`/api/threads/${ids.threadId}/messages`)
    expect(messages[1]!.toolCalls.map(call => call.status)).toEqual(['completed', 'completed'])
  })

  it('gives a re-attaching viewer the same tool history', async () => {
    const ids = await fixture.send('tool-single')
    const first = await openSse(`${fixture.server.url}/api/jobs/${ids.jobId}/stream?after=0`)
    await first.until(events => events.some(event => event.type === 'tool_call'))
    first.close()
    const cut = first.events.findIndex(event => event.type === 'tool_call')
    const before = first.events.slice(0, cut + 1)
    const second = await openSse(`${fixture.server.url}/api/jobs/${ids.jobId}/stream`, { lastEventId: before.at(-1)!.seq })
    await second.done
    const all = [...before, ...second.events]
    expect(all.map(event => event.seq)).toEqual(all.map((_, index) => index + 1))
    expect(toolEvents(all)).toEqual([['call_time_1', 'pending'], ['call_time_1', 'running'], ['call_time_1', 'completed']])
    expect(textOf(all)).toBe(scenarioText('tool-single'))
    const finished = all.filter(event => event.type === 'tool_call').at(-1)
    expect(finished).toMatchObject({ toolCall: { result: { timezone: 'Asia/Tokyo' } } })
  })

  it('runs parallel calls of one round and answers unknown tools and invalid arguments as tool errors', async () => {
    const parallel = await fixture.waitForJob((await fixture.send('tool-parallel')).jobId)
    expect(parallel.status).toBe('complete')
    expect(parallel.toolCalls.every(call => call.status === 'completed' && call.round === 1)).toBe(true)
    expect(parallel.toolCalls.length).toBeGreaterThanOrEqual(2)

    const unknown = await fixture.waitForJob((await fixture.send('tool-unknown')).jobId)
    expect(unknown.status).toBe('complete')
    expect(unknown.toolCalls[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/^tool '.*' is not enabled here; enabled: .*calculate/) })

    const invalid = await fixture.waitForJob((await fixture.send('tool-invalid-args')).jobId)
    expect(invalid.status).toBe('complete')
    expect(invalid.toolCalls.map(call => call.status)).toEqual(invalid.toolCalls.map(() => 'error'))
  })

  it('answers calls past 20 in one round with errors, and stops a model that never stops calling tools', async () => {
    const many = await fixture.waitForJob((await fixture.send('tool-too-many')).jobId)
    expect(many.status).toBe('complete')
    expect(many.toolCalls).toHaveLength(25)
    expect(many.toolCalls.filter(call => call.status === 'error' && /more than 20/.test(call.error ?? ''))).toHaveLength(5)

    const endless: Job = await fixture.waitForJob((await fixture.send('tool-never-stops')).jobId)
    expect(endless.status).toBe('error')
    expect(endless.error).toMatch(/tool execution limit exceeded/)
    expect(endless.toolRounds.length).toBe(5)
  })
})
