// Regenerate in place, edit and resend, thread search and the remembered model, through the built
// server: the question appears once, later turns are dropped, a busy thread answers 409, another
// user's message ids answer 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Message, Thread, ThreadSummary } from '#shared/types/thread'
import type { PostMessageResult } from '#shared/schemas/api'
import { startChatFixture, type ChatFixture } from './support/chat-fixture'
import { scenarioText } from './support/scenarios'

let fixture: ChatFixture

beforeAll(async () => { fixture = await startChatFixture() })
afterAll(async () => { await fixture?.close() })

const messagesOf = async (threadId: string) => (await fixture.server.api<Message[]>(`/api/threads/${threadId}/messages`)).body

describe('message actions', () => {
  it('regenerates an answer in place: same message, new text, the question once, later turns dropped', async () => {
    const first = await fixture.send('hello', { content: 'Say hello' })
    await fixture.waitForJob(first.jobId)
    const second = await fixture.send('hello', { threadId: first.threadId, content: 'Again' })
    await fixture.waitForJob(second.jobId)
    const { status, body } = await fixture.server.api<PostMessageResult>(`/api/messages/${first.assistantMessageId}/regenerate`, { method: 'POST', body: { model: 'mock/markdown' } })
    expect(status).toBe(202)
    expect(body).toMatchObject({ threadId: first.threadId, assistantMessageId: first.assistantMessageId, userMessageId: first.userMessageId })
    expect(body.jobId).not.toBe(first.jobId)
    const job = await fixture.waitForJob(body.jobId)
    expect(job.content).toBe(scenarioText('markdown'))
    const messages = await messagesOf(first.threadId)
    expect(messages.map(message => [message.role, message.id])).toEqual([['user', first.userMessageId], ['assistant', first.assistantMessageId]])
    expect(messages[1]!.content).toBe(scenarioText('markdown'))
  })

  it('edits a question and answers it anew, dropping the later turns', async () => {
    const first = await fixture.send('hello', { content: 'Original question' })
    await fixture.waitForJob(first.jobId)
    await fixture.waitForJob((await fixture.send('hello', { threadId: first.threadId, content: 'Follow-up' })).jobId)
    const { status, body } = await fixture.server.api<PostMessageResult>(`/api/messages/${first.userMessageId}/edit`, { method: 'POST', body: { content: 'Edited question', model: 'mock/hello' } })
    expect(status).toBe(202)
    await fixture.waitForJob(body.jobId)
    const messages = await messagesOf(first.threadId)
    expect(messages.map(message => [message.role, message.content.slice(0, 15)])).toEqual([['user', 'Edited question'], ['assistant', scenarioText('hello').slice(0, 15)]])
    const sent = fixture.mock.requests.at(-1)!.body as { messages: { role: string; content: string }[] }
    expect(sent.messages.filter(message => message.role === 'user').map(message => message.content)).toEqual(['Edited question'])
  })

  it('answers 409 while the thread is busy, 404 for another user\'s message and 400 for an empty edit', async () => {
    const running = await fixture.send('slow', { content: 'Take your time' })
    expect((await fixture.server.api(`/api/messages/${running.userMessageId}/edit`, { method: 'POST', body: { content: 'x' } })).status).toBe(409)
    expect((await fixture.server.api(`/api/messages/${running.assistantMessageId}/regenerate`, { method: 'POST', body: {} })).status).toBe(409)
    expect((await fixture.server.api(`/api/messages/${running.userMessageId}/edit`, { method: 'POST', body: { content: 'x' }, user: 'mallory' })).status).toBe(404)
    expect((await fixture.server.api(`/api/messages/${running.assistantMessageId}/regenerate`, { method: 'POST', body: {}, user: 'mallory' })).status).toBe(404)
    expect((await fixture.server.api(`/api/messages/${running.userMessageId}/edit`, { method: 'POST', body: { content: '   ' } })).status).toBe(400)
    // An assistant message cannot be edited, a question cannot be regenerated.
    await fixture.server.api(`/api/jobs/${running.jobId}/abort`, { method: 'POST' })
    expect((await fixture.server.api(`/api/messages/${running.assistantMessageId}/edit`, { method: 'POST', body: { content: 'x' } })).status).toBe(404)
    expect((await fixture.server.api(`/api/messages/${running.userMessageId}/regenerate`, { method: 'POST', body: {} })).status).toBe(404)
  })

  it('finds a thread by a word of its answer and remembers the model chosen in it', async () => {
    const ids = await fixture.send('markdown', { content: 'Show me markdown' })
    await fixture.waitForJob(ids.jobId)
    const word = scenarioText('markdown').split(/\W+/).find(candidate => candidate.length > 6)!
    const { body: found } = await fixture.server.api<ThreadSummary[]>(`/api/threads?q=${encodeURIComponent(word.toUpperCase())}`)
    expect(found.map(thread => thread.id)).toContain(ids.threadId)
    const { body: none } = await fixture.server.api<ThreadSummary[]>(`/api/threads?q=${encodeURIComponent('%no-such-words%')}`)
    expect(none).toEqual([])
    const { body: others } = await fixture.server.api<ThreadSummary[]>(`/api/threads?q=${encodeURIComponent(word)}`, { user: 'mallory' })
    expect(others).toEqual([])
    const { body: threads } = await fixture.server.api<Thread[]>('/api/threads')
    expect(threads.find(thread => thread.id === ids.threadId)!.model).toBe('mock/markdown')
  })
})
