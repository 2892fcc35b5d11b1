// useThreadMessages against faked endpoints and a fake EventSource: resuming a running answer on open,
// replacing the streamed text with the stored one when the job ends, optimistic send, failure and retry.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { defineComponent, h } from 'vue'
import { createError, readBody } from 'h3'
import { useThreadMessages } from '~/composables/useThreadMessages'
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
let unregister: Array<() => void> = []

async function openThread(threadId: string): Promise<ThreadMessages> {
  let api: ThreadMessages | undefined
  await mountSuspended(defineComponent({
    setup() {
      api = useThreadMessages(threadId)
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
  unregister = [
    registerEndpoint('/api/threads', () => []),
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
    expect(api.messages.value[1]?.content).toBe('Hello')

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

  it('retries a failed answer by sending the user message before it again', async () => {
    storedMessages = [
      message({ content: 'First question' }),
      message({ id: 'message-2', role: 'assistant', content: '', jobId: 'job-1', status: 'error', error: 'upstream 500' }),
    ]
    const api = await openThread('thread-1')
    expect(await api.retry('message-2')).toBe(true)
    expect(postedBodies).toEqual([{ content: 'First question' }])
  })
})
