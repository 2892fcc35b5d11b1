// One mock model server plus one built Errand server for a test file, and helpers to send a message
// and wait for its job to end.
import type { Job } from '#shared/types/job'
import type { PostMessageResult } from '#shared/schemas/api'
import type { Thread } from '#shared/types/thread'
import { startMockModelServer, type MockModelServer } from '../../fixtures/mock-model-server/server.mjs'
import { startErrandServer, type ErrandServer } from './errand-server'
import { mockModelList } from './scenarios'

export interface ChatFixture {
  mock: MockModelServer
  server: ErrandServer
  newThread: (user?: string) => Promise<Thread>
  send: (scenario: string, options?: { threadId?: string; user?: string; content?: string }) => Promise<PostMessageResult>
  waitForJob: (jobId: string, options?: { user?: string; timeoutMs?: number }) => Promise<Job>
  close: () => Promise<void>
}

export async function startChatFixture(env: Record<string, string> = {}): Promise<ChatFixture> {
  const mock = await startMockModelServer()
  const server = await startErrandServer({
    mockUrl: mock.url,
    env: { NUXT_LLM_MODEL: 'mock/hello', NUXT_LLM_MODELS: mockModelList(), ...env },
  })
  const newThread: ChatFixture['newThread'] = async (user) => {
    const { status, body } = await server.api<Thread>('/api/threads', { method: 'POST', body: {}, ...(user ? { user } : {}) })
    if (status !== 201) throw new Error(`creating a thread answered ${status}`)
    return body
  }
  const send: ChatFixture['send'] = async (scenario, options = {}) => {
    const threadId = options.threadId ?? (await newThread(options.user)).id
    const { status, body } = await server.api<PostMessageResult>(`/api/threads/${threadId}/messages`, {
      method: 'POST', body: { content: options.content ?? `Run ${scenario}`, model: `mock/${scenario}` }, ...(options.user ? { user: options.user } : {}),
    })
    if (status !== 202) throw new Error(`posting a message answered ${status}: ${JSON.stringify(body)}`)
    return body
  }
  const waitForJob: ChatFixture['waitForJob'] = async (jobId, options = {}) => {
    const deadline = Date.now() + (options.timeoutMs ?? 20_000)
    for (;;) {
      const { body } = await server.api<Job>(`/api/jobs/${jobId}/status`, options.user ? { user: options.user } : {})
      if (['complete', 'error', 'aborted'].includes(body.status)) return body
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${body.status} after the deadline`)
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }
  return {
    mock, server, newThread, send, waitForJob,
    close: async () => {
      await server.stop()
      await mock.close()
    },
  }
}
