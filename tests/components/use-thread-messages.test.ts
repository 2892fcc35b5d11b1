// useThreadMessages against faked endpoints and a fake EventSource: resuming a running answer on open,
// replacing the streamed text with the stored one when the job ends, optimistic send, failure, a new chat
// whose first message creates the thread, regenerate in place, edit and resend, and turns from other tabs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { defineComponent, h } from 'vue'
import { createError, readBody } from 'h3'
import { useThreadMessages } from '~/composables/useThreadMessages'
import { useUserFeed } from '~/composables/useUserFeed'
import { FakeEventSource } from '../unit/app/fake-event-source'
import type { Message } from '#shared/types/thread'

type ThreadMessages = ReturnType<typeof useThreadMessages>

function message(overrides: Partial<Message>): Message {
  return {
    id: 'message-1', threadId: 'thread-1', userId: 'user-1', role: 'user', content: 'Hi', jobId: null, status: null,
    error: null, model: null, isDemo: false, toolCalls: [], usage: null, createdAt: 1, ...overrides,
  }
}

const question = message({})
let storedMessages: Message[] = []
let postedBodies: unknown[] = []
let turnRequests: Array<{ path: string, body: unknown }> = []
let unregister: Array<() => void> = []

const started = (assistantMessageId: string, jobId: string, userMessageId = 'message-1') =>
  ({ threadId: 'thread-1', userMessageId, assistantMessageId, jobId })

async function openThread(threadId: string | null, options: { withFeed?: boolean, onThreadCreated?: (id: string) => void } = {}): Promise<ThreadMessages> {
  let api: ThreadMessages | undefined
  await mountSuspended(defineComponent({
    setup() {
      if (options.withFeed) useUserFeed()
      api = useThreadMessages(threadId, { onThreadCreated: options.onThreadCreated })
      return () => h('div')
    },
  }))
  if (!api) throw new Error('the harness did not run useThreadMessages')
  const opened = api
  await vi.waitFor(() => expect(opened.loading.value).toBe(false))
  return opened
}

beforeEach(() => {
  FakeEventSource.instances = []
  vi.stubGlobal('EventSource', FakeEventSource)
  postedBodies = []
  turnRequests = []
  unregister = [
    registerEndpoint('/api/threads', { method: 'GET', handler: () => [] }),
    registerEndpoint('/api/threads', {
      method: 'POST',
      handler: () => ({ id: 'thread-1', userId: 'user-1', title: '', disabledTools: [], enabledTools: [], model: null, createdAt: 1, updatedAt: 1 }),
    }),
    registerEndpoint('/api/messages/message-2/regenerate', {
      method: 'POST',
      handler: async (event) => {
        turnRequests.push({ path: 'regenerate', body: await readBody(event) })
        return started('message-2', 'job-2')
      },
    }),
    registerEndpoint('/api/messages/message-1/edit', {
      method: 'POST',
      handler: async (event) => {
        turnRequests.push({ path: 'edit', body: await readBody(event) })
        return started('message-5', 'job-5')
      },
    }),
    registerEndpoint('/api/threads/thread-1/messages', { method: 'GET', handler: () => storedMessages }),
    registerEndpoint('/api/threads/thread-1/messages', {
      method: 'POST',
      handler: async (event) => {
        const body = await readBody<{ content: string }>(event)
        postedBodies.push(body)
        if (body.content === 'refuse me') throw createError({ statusCode: 400, message: 'content is too long (max 32000 characters)' })
        return { threadId: 'thread-1', userMessageId: 'message-9', assistantMessageId: 'message-10', jobId: 'job-9' }
      },
    }),
  ]
})

afterEach(() => {
  for (const remove of unregister) remove()
  vi.unstubAllGlobals()
})

describe('useThreadMessages', () => {
  it('re-attaches to a running answer on open and shows the stored final text once when it ends', async () => {
    storedMessages = [question, message({ id: 'message-2', role: 'assistant', content: 'Hel', jobId: 'job-1', status: 'streaming' })]
    const api = await openThread('thread-1')
    const source = FakeEventSource.latest()
    expect(source.url).toBe('/api/jobs/job-1/stream')
    expect(api.messages.value[1]?.content).toBe('Hel')
    expect(api.activeJobId.value).toBe('job-1')

    source.send({ type: 'delta', seq: 1, text: 'Hel', at: 1 })
    source.send({ type: 'delta', seq: 2, text: 'lo', at: 2 })
    source.send({ type: 'delta', seq: 2, text: 'lo', at: 2 })
    // Text reaches the page on the next animation frame (useJobStream), once.
    await vi.waitFor(() => expect(api.messages.value[1]?.content).toBe('Hello'))

    storedMessages = [question, message({ id: 'message-2', role: 'assistant', content: 'Hello world', jobId: 'job-1', status: 'complete' })]
    source.send({ type: 'delta', seq: 3, text: ' world', at: 3 })
    source.send({ type: 'status', seq: 4, status: 'complete' })
    await vi.waitFor(() => expect(api.stream.jobId.value).toBeNull())
    expect(api.messages.value.map(item => item.content)).toEqual(['Hi', 'Hello world'])
    expect(api.messages.value[1]?.status).toBe('complete')
    expect(api.activeJobId.value).toBeNull()
    expect(FakeEventSource.instances).toHaveLength(1)
  })

  it('does not attach when the last answer is already finished', async () => {
    storedMessages = [question, message({ id: 'message-2', role: 'assistant', content: 'Done', jobId: 'job-1', status: 'complete' })]
    const api = await openThread('thread-1')
    expect(FakeEventSource.instances).toHaveLength(0)
    expect(api.activeJobId.value).toBeNull()
  })

  it('sends with an optimistic user message, then follows the new job', async () => {
    storedMessages = []
    const api = await openThread('thread-1')
    const sending = api.send('  What time is it?  ')
    expect(api.messages.value.map(item => [item.role, item.content])).toEqual([['user', 'What time is it?']])
    expect(api.sending.value).toBe(true)
    expect(await sending).toBe(true)
    expect(postedBodies).toEqual([{ content: 'What time is it?' }])
    expect(api.messages.value.map(item => [item.id, item.role, item.status])).toEqual([
      ['message-9', 'user', null], ['message-10', 'assistant', 'queued'],
    ])
    expect(FakeEventSource.latest().url).toBe('/api/jobs/job-9/stream')
    expect(api.activeJobId.value).toBe('job-9')
  })

  it('drops the optimistic message when the server refuses it', async () => {
    storedMessages = []
    const api = await openThread('thread-1')
    expect(await api.send('refuse me')).toBe(false)
    expect(api.messages.value).toEqual([])
    expect(FakeEventSource.instances).toHaveLength(0)
  })

  it('creates the thread with the first message of a new chat and follows its answer', async () => {
    storedMessages = []
    const created: string[] = []
    const api = await openThread(null, { onThreadCreated: id => created.push(id) })
    expect(api.messages.value).toEqual([])
    expect(await api.send('Hello there')).toBe(true)
    expect(created).toEqual(['thread-1'])
    expect(postedBodies).toEqual([{ content: 'Hello there' }])
    expect(api.messages.value.map(item => [item.id, item.role])).toEqual([['message-9', 'user'], ['message-10', 'assistant']])
    expect(FakeEventSource.latest().url).toBe('/api/jobs/job-9/stream')
  })

  it('regenerates a failed answer in place: the question stays once and the later turns go', async () => {
    storedMessages = [
      message({ content: 'First question' }),
      message({ id: 'message-2', role: 'assistant', content: 'Half', jobId: 'job-1', status: 'error', error: 'upstream 500' }),
      message({ id: 'message-3', content: 'Later question' }),
      message({ id: 'message-4', role: 'assistant', content: 'Later answer', jobId: 'job-3', status: 'complete' }),
    ]
    const api = await openThread('thread-1')
    expect(await api.regenerate('message-2')).toBe(true)
    expect(turnRequests).toEqual([{ path: 'regenerate', body: {} }])
    expect(postedBodies).toEqual([])
    expect(api.messages.value.map(item => [item.id, item.content, item.status, item.jobId])).toEqual([
      ['message-1', 'First question', null, null], ['message-2', '', 'queued', 'job-2'],
    ])
    expect(FakeEventSource.latest().url).toBe('/api/jobs/job-2/stream')
  })

  it('edits a question and resends it: its text is replaced and every later message dropped', async () => {
    storedMessages = [
      message({ content: 'First question' }),
      message({ id: 'message-2', role: 'assistant', content: 'First answer', jobId: 'job-1', status: 'complete' }),
    ]
    const api = await openThread('thread-1')
    expect(await api.edit('message-1', '  A better question  ')).toBe(true)
    expect(turnRequests).toEqual([{ path: 'edit', body: { content: 'A better question' } }])
    expect(api.messages.value.map(item => [item.id, item.role, item.content, item.status])).toEqual([
      ['message-1', 'user', 'A better question', null], ['message-5', 'assistant', '', 'queued'],
    ])
    expect(api.activeJobId.value).toBe('job-5')
  })

  it('refuses to start a second turn while one runs', async () => {
    storedMessages = [question, message({ id: 'message-2', role: 'assistant', content: 'Hel', jobId: 'job-1', status: 'streaming' })]
    const api = await openThread('thread-1')
    expect(await api.send('another')).toBe(false)
    expect(await api.regenerate('message-2')).toBe(false)
    expect(postedBodies).toEqual([])
    expect(turnRequests).toEqual([])
  })

  it('shows a turn started in another tab: a feed job event reloads the thread and follows the job', async () => {
    storedMessages = [question, message({ id: 'message-2', role: 'assistant', content: 'Done', jobId: 'job-1', status: 'complete' })]
    const api = await openThread('thread-1', { withFeed: true })
    const feed = FakeEventSource.instances.find(source => source.url === '/api/events')
    if (!feed) throw new Error('the feed was not opened')
    feed.open()
    storedMessages = [...storedMessages, message({ id: 'message-3', content: 'From elsewhere' }),
      message({ id: 'message-4', role: 'assistant', content: '', jobId: 'job-7', status: 'queued' })]
    feed.send({ seq: 5, at: 10, type: 'job', job: { id: 'job-7', kind: 'chat', status: 'queued', threadId: 'thread-1', messageId: 'message-4', parentJobId: null, title: null } })
    await vi.waitFor(() => expect(api.messages.value).toHaveLength(4))
    expect(api.activeJobId.value).toBe('job-7')
    expect(FakeEventSource.latest().url).toBe('/api/jobs/job-7/stream')
  })

  it('says a thread that does not exist is not found', async () => {
    unregister.push(registerEndpoint('/api/threads/nope/messages', { method: 'GET', handler: () => { throw createError({ statusCode: 404, message: 'thread not found' }) } }))
    const api = await openThread('nope')
    expect(api.notFound.value).toBe(true)
    expect(api.loadError.value).toBeNull()
  })
})
