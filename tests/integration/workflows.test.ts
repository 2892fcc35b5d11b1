// Workflows on the built server against the mock model: discovery (a valid file listed, an invalid one
// skipped with a warning, rescan), the run route's 404/400s and ownership, a run's nodes in its status,
// `/name text` from chat, the result cache counted at the mock model, and kill -9 mid-run: the
// restarted server completes the run without requesting any finished agent twice.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PostMessageResult, PublicWorkflow } from '#shared/schemas/api'
import type { PublicJob } from '#shared/types/job'
import type { Message } from '#shared/types/thread'
import { startMockModelServer, type MockModelServer } from '../fixtures/mock-model-server/server.mjs'
import { startErrandServer, type ErrandServer } from './support/errand-server'
import { mockModelList, scenarioText } from './support/scenarios'

const fixtures = fileURLToPath(new URL('./fixtures/workflows/', import.meta.url))
let mock: MockModelServer
let workflowsDir: string
let dataDir: string | null = null
const servers: ErrandServer[] = []

async function start(): Promise<ErrandServer> {
  const server = await startErrandServer({
    mockUrl: mock.url,
    ...(dataDir ? { dataDir } : {}),
    env: {
      NUXT_LLM_MODEL: 'mock/hello', NUXT_LLM_MODELS: mockModelList(), NUXT_WORKFLOWS_DIRS: workflowsDir,
      NUXT_JOBS_LEASE_MS: '1500', NUXT_JOBS_RECOVERY_INTERVAL_MS: '300',
    },
  })
  servers.push(server)
  return server
}

async function waitForEnd(server: ErrandServer, jobId: string, timeoutMs = 30_000): Promise<PublicJob> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { body } = await server.api<PublicJob>(`/api/jobs/${jobId}/status`)
    if (['complete', 'error', 'aborted'].includes(body.status)) return body
    if (Date.now() > deadline) throw new Error(`job still ${body.status}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** Mock requests whose last user message contains `text`. */
const requestsFor = (text: string) => mock.requests.filter((request) => {
  const messages = (request.body as { messages: Array<{ role: string; content: string | null }> }).messages
  return messages.filter(message => message.role === 'user').at(-1)?.content?.includes(text)
})

beforeAll(async () => {
  mock = await startMockModelServer()
  workflowsDir = mkdtempSync(join(tmpdir(), 'errand-workflows-'))
  copyFileSync(join(fixtures, 'itest-steps.js'), join(workflowsDir, 'itest-steps.js'))
  copyFileSync(join(fixtures, 'broken.js'), join(workflowsDir, 'broken.js'))
})
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.stop()))
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  dataDir = null
})
afterAll(async () => {
  await mock?.close()
  rmSync(workflowsDir, { recursive: true, force: true })
})

describe('workflows on the server', () => {
  it('lists the built-ins and valid files, skips an invalid one with a warning, and rescans', async () => {
    const server = await start()
    const { status, body } = await server.api<PublicWorkflow[]>('/api/workflows')
    expect(status).toBe(200)
    expect(body.map(workflow => [workflow.name, workflow.source])).toEqual([
      ['deep-research', 'builtin'], ['multi-review', 'builtin'], ['plan-verify', 'builtin'], ['bounty-hunt', 'builtin'], ['itest-steps', 'configured'],
    ])
    expect(body.at(-1)).toMatchObject({ description: 'Integration test: plan, parallel notes, summary', args: { prompt: { type: 'string' }, slow: { type: 'boolean', default: false } } })
    expect(await server.outputContaining(/workflow file skipped: not a valid workflow.*broken\.js/)).toMatch(/workflow file skipped: not a valid workflow.*broken\.js/)
    writeFileSync(join(workflowsDir, 'dropped.js'), `export const workflow = { name: 'dropped', description: 'Dropped in later', args: {}, async run() { return 'ok' } }`)
    try {
      expect((await server.api<PublicWorkflow[]>('/api/workflows')).body.map(workflow => workflow.name)).not.toContain('dropped')
      const rescanned = await server.api<PublicWorkflow[]>('/api/workflows/rescan', { method: 'POST' })
      expect(rescanned.status).toBe(200)
      expect(rescanned.body.map(workflow => workflow.name)).toContain('dropped')
    } finally {
      rmSync(join(workflowsDir, 'dropped.js'))
    }
  })

  it('answers 404 for an unknown workflow or another user\'s thread and 400 with the reason for bad args', async () => {
    const server = await start()
    expect((await server.api('/api/workflows/nope/run', { method: 'POST', body: { args: {} } })).status).toBe(404)
    const unknownArg = await server.api<{ message: string }>('/api/workflows/itest-steps/run', { method: 'POST', body: { args: { prompt: 'x', colour: 'red' } } })
    expect(unknownArg.status).toBe(400)
    expect(JSON.stringify(unknownArg.body)).toContain("has no argument 'colour'")
    const wrongType = await server.api('/api/workflows/itest-steps/run', { method: 'POST', body: { args: { prompt: 7 } } })
    expect(wrongType.status).toBe(400)
    expect(JSON.stringify(wrongType.body)).toContain("argument 'prompt' must be a string")
    const missing = await server.api('/api/workflows/itest-steps/run', { method: 'POST', body: { args: {} } })
    expect(JSON.stringify(missing.body)).toContain("argument 'prompt' is required")
    const { body: bobThread } = await server.api<{ id: string }>('/api/threads', { method: 'POST', body: {}, user: 'bob' })
    expect((await server.api('/api/workflows/itest-steps/run', { method: 'POST', body: { args: { prompt: 'x' }, threadId: bobThread.id } })).status).toBe(404)
  })

  it('runs a workflow as a turn: nodes in its status, the report as the answer, an identical re-run from the cache', async () => {
    const server = await start()
    mock.reset()
    const started = await server.api<{ jobId: string; threadId: string }>('/api/workflows/itest-steps/run', { method: 'POST', body: { args: { prompt: 'geysers' } } })
    expect(started.status).toBe(202)
    const job = await waitForEnd(server, started.body.jobId)
    expect(job).toMatchObject({ kind: 'workflow', title: 'itest-steps', status: 'complete', content: scenarioText('markdown') })
    expect(job.workflow!.phases).toEqual(['plan', 'notes', 'summary'])
    expect(job.workflow!.nodes.map(node => [node.id, node.status])).toEqual([['plan', 'completed'], ['note-0', 'completed'], ['note-1', 'completed'], ['summary', 'completed']])
    expect(job.workflow!.logs.map(log => log.message)).toEqual(['2 notes'])
    expect(mock.requests).toHaveLength(4)
    expect((await server.api(`/api/jobs/${started.body.jobId}/status`, { user: 'bob' })).status).toBe(404)
    const messages = await server.api<Message[]>(`/api/threads/${started.body.threadId}/messages`)
    expect(messages.body.map(message => [message.role, message.content])).toEqual([['user', '/itest-steps geysers'], ['assistant', scenarioText('markdown')]])

    const again = await server.api<{ jobId: string }>('/api/workflows/itest-steps/run', { method: 'POST', body: { args: { prompt: 'geysers' } } })
    const cached = await waitForEnd(server, again.body.jobId)
    expect(cached.content).toBe(scenarioText('markdown'))
    expect(cached.workflow!.nodes.map(node => node.status)).toEqual(['cached', 'cached', 'cached', 'cached'])
    expect(mock.requests).toHaveLength(4)
  })

  it('starts a workflow from chat with /name text', async () => {
    const server = await start()
    const { body: thread } = await server.api<{ id: string }>('/api/threads', { method: 'POST', body: {} })
    const sent = await server.api<PostMessageResult>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content: '/itest-steps volcanoes' } })
    expect(sent.status).toBe(202)
    const job = await waitForEnd(server, sent.body.jobId)
    expect(job).toMatchObject({ kind: 'workflow', status: 'complete' })
    expect(requestsFor('Note 0 on volcanoes')).toHaveLength(1)
    const messages = await server.api<Message[]>(`/api/threads/${thread.id}/messages`)
    expect(messages.body.at(-1)).toMatchObject({ role: 'assistant', content: job.content })
    const plain = await server.api<PostMessageResult>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content: '/not-a-workflow hello' } })
    expect((await waitForEnd(server, plain.body.jobId)).kind).toBe('chat')
  })

  it('kill -9 mid-run: the restarted server completes it without requesting a finished agent twice', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'errand-workflow-crash-'))
    const first = await start()
    const started = await first.api<{ jobId: string }>('/api/workflows/itest-steps/run', { method: 'POST', body: { args: { prompt: 'glaciers', slow: true } } })
    const deadline = Date.now() + 20_000
    for (;;) {
      const { body } = await first.api<PublicJob>(`/api/jobs/${started.body.jobId}/status`)
      if (body.workflow?.nodes.some(node => node.id === 'summary' && node.status === 'active')) break
      if (Date.now() > deadline) throw new Error('the summary never started')
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    await first.kill()
    const second = await start()
    const job = await waitForEnd(second, started.body.jobId)
    expect(job).toMatchObject({ status: 'complete', content: scenarioText('slow') })
    expect(requestsFor('Plan glaciers')).toHaveLength(1)
    expect(requestsFor('Note 0 on glaciers')).toHaveLength(1)
    expect(requestsFor('Note 1 on glaciers')).toHaveLength(1)
    expect(requestsFor('Summarise glaciers').length).toBeGreaterThanOrEqual(2)
    expect(job.workflow!.nodes.map(node => [node.id, node.status])).toEqual([['plan', 'completed'], ['note-0', 'completed'], ['note-1', 'completed'], ['summary', 'completed']])
  }, 60_000)
})
