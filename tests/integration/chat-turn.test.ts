// A chat turn against the built server and the mock model: completion, stored text, zero viewers,
// concurrent viewers, abort, and the history sent to the model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Message } from '#shared/types/thread'
import { startChatFixture, type ChatFixture } from './support/chat-fixture'
import { scenarioText } from './support/scenarios'
import { isTerminalEvent, openSse, textOf } from './support/sse-reader'

let fixture: ChatFixture

beforeAll(async () => { fixture = await startChatFixture() })
afterAll(async () => { await fixture?.close() })

describe('a chat turn as a background job', () => {
  it('completes with no viewer attached, and the stored text equals the scenario text', async () => {
    const ids = await fixture.send('hello')
    expect(Object.keys(ids).sort()).toEqual(['assistantMessageId', 'jobId', 'threadId', 'userMessageId'])
    const job = await fixture.waitForJob(ids.jobId)
    expect(job.status).toBe('complete')
    expect(job.content).toBe(scenarioText('hello'))
    const { body: messages } = await fixture.server.api<Message[]>(`/api/threads/${ids.threadId}/messages`)
    expect(messages.map(message => [message.role, message.status])).toEqual([['user', null], ['assistant', 'complete']])
    expect(messages[1]!.content).toBe(scenarioText('hello'))
    expect(messages[1]!.id).toBe(ids.assistantMessageId)
  })

  it('streams to two concurrent viewers the identical sequence', async () => {
    const ids = await fixture.send('long')
    const url = `${fixture.server.url}/api/jobs/${ids.jobId}/stream?after=0`
    const [first, second] = await Promise.all([openSse(url), openSse(url)])
    await Promise.all([first.done, second.done])
    expect(first.events.length).toBeGreaterThan(3)
    expect(first.events).toEqual(second.events)
    expect(first.events.map(event => event.seq)).toEqual(first.events.map((_, index) => index + 1))
    expect(textOf(first.events)).toBe(scenarioText('long'))
    expect(first.events.at(-1)).toMatchObject({ type: 'status', status: 'complete' })
    expect(first.ended && second.ended).toBe(true)
  })

  it('sends the thread history to the model on the next turn', async () => {
    const first = await fixture.send('hello', { content: 'first question' })
    await fixture.waitForJob(first.jobId)
    fixture.mock.reset()
    const second = await fixture.send('default', { threadId: first.threadId, content: 'second question' })
    await fixture.waitForJob(second.jobId)
    const sent = fixture.mock.requests[0]!.body as { messages: { role: string; content: string }[] }
    expect(sent.messages.map(message => message.role)).toEqual(['system', 'user', 'assistant', 'user'])
    expect(sent.messages[1]!.content).toBe('first question')
    expect(sent.messages[2]!.content).toBe(scenarioText('hello'))
    expect(sent.messages[3]!.content).toBe('second question')
  })

  it('abort stops the model request and keeps the partial text with status aborted', async () => {
    const ids = await fixture.send('slow')
    const viewer = await openSse(`${fixture.server.url}/api/jobs/${ids.jobId}/stream`)
    await viewer.until(events => textOf(events).length > 10)
    const { status, body } = await fixture.server.api<{ status: string; content: string }>(`/api/jobs/${ids.jobId}/abort`, { method: 'POST' })
    expect(status).toBe(200)
    expect(body.status).toBe('aborted')
    await viewer.done
    const job = await fixture.waitForJob(ids.jobId)
    expect(job.status).toBe('aborted')
    expect(job.content.length).toBeGreaterThan(10)
    expect(scenarioText('slow').startsWith(job.content)).toBe(true)
    expect(job.content.length).toBeLessThan(scenarioText('slow').length)
    expect(textOf(viewer.events)).toBe(job.content)
    expect(viewer.events.filter(isTerminalEvent)).toEqual([expect.objectContaining({ status: 'aborted' })])
    const { body: messages } = await fixture.server.api<Message[]>(`/api/threads/${ids.threadId}/messages`)
    expect(messages[1]).toMatchObject({ status: 'aborted', content: job.content })
    const active = await fixture.server.api<unknown[]>('/api/jobs?active=1')
    expect(active.body).toEqual([])
  })

  it('lists running and queued jobs of the caller only', async () => {
    const ids = await fixture.send('slow')
    const mine = await fixture.server.api<{ id: string; status: string }[]>('/api/jobs?active=1')
    expect(mine.body.map(job => job.id)).toContain(ids.jobId)
    const theirs = await fixture.server.api<unknown[]>('/api/jobs?active=1', { user: 'someone-else' })
    expect(theirs.body).toEqual([])
    await fixture.server.api(`/api/jobs/${ids.jobId}/abort`, { method: 'POST' })
  })
})

describe('secrets', () => {
  it('never sends the API key to the browser or writes it to the log', async () => {
    await fixture.waitForJob((await fixture.send('hello')).jobId)
    for (const path of ['/', '/api/models', '/api/health', '/api/tools', '/api/metrics', '/api/threads']) {
      const response = await fetch(fixture.server.url + path)
      expect(await response.text(), path).not.toContain('test-key-not-secret')
    }
    expect(fixture.server.output()).not.toContain('test-key-not-secret')
  })
})
