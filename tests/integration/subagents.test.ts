// Background sub-agents through the built server and the mock model: spawned sub-agents run on after
// the turn (queued behind the concurrency limit), their statuses reach the live feed, stopping the turn
// cancels them, the API cancels, retries and continues with a result, another user's ids answer 404,
// and a sub-agent survives kill -9 of its server without any step running twice.
import { describe, expect, it } from 'vitest'
import type { PublicJob } from '#shared/types/job'
import type { PublicSubagent } from '#shared/types/subagent'
import type { PostMessageResult } from '#shared/schemas/api'
import type { Message } from '#shared/types/thread'
import type { UserFeedEvent } from '#shared/types/user-event'
import type { ErrandServer } from './support/errand-server'
import { mockModelList, scenarioText } from './support/scenarios'
import { until, useServerPool } from './support/server-pool'

const pool = useServerPool()

function start(env: Record<string, string> = {}): Promise<ErrandServer> {
  return pool.start({
    NUXT_LLM_MODEL: 'mock/hello', NUXT_LLM_MODELS: mockModelList(), NUXT_SEARCH_SEARXNG_URL: pool.search.url,
    NUXT_JOBS_LEASE_MS: '1500', NUXT_JOBS_HEARTBEAT_MS: '250', NUXT_JOBS_RECOVERY_INTERVAL_MS: '300', ...env,
  })
}

async function send(server: ErrandServer, scenario: string, user?: string): Promise<PostMessageResult> {
  const { body: thread } = await server.api<{ id: string }>('/api/threads', { method: 'POST', body: {}, ...(user ? { user } : {}) })
  const { status, body } = await server.api<PostMessageResult>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content: 'go', model: `mock/${scenario}` }, ...(user ? { user } : {}) })
  expect(status).toBe(202)
  return body
}

const subagentsOf = async (server: ErrandServer, threadId: string) => (await server.api<PublicSubagent[]>(`/api/subagents?threadId=${threadId}`)).body
const jobOf = async (server: ErrandServer, id: string) => (await server.api<PublicJob>(`/api/jobs/${id}/status`)).body
const byTitle = (list: PublicSubagent[], title: string) => list.find(entry => entry.title === title)!
const subagentRequests = (model: string) => pool.mock.requests.filter(request => (request.body as { model: string }).model === model)

describe('background sub-agents', () => {
  it('spawn answers at once, the sub-agents run on queued behind the limit, and the feed shows pending → running → completed', async () => {
    pool.newDataDir('errand-sub-')
    const server = await start({ NUXT_SUBAGENTS_MAX_CONCURRENT: '1' })
    const feed = await fetch(`${server.url}/api/events`)
    const reader = feed.body!.getReader()
    let raw = ''
    void (async () => { for (;;) { const { value, done } = await reader.read(); if (done) return; raw += new TextDecoder().decode(value) } })().catch(() => undefined)
    const ids = await send(server, 'spawn-two')
    const parent = await until(() => jobOf(server, ids.jobId), job => job.status === 'complete', 'the turn')
    expect(parent.content).toBe(scenarioText('spawn-two'))
    const answers = parent.toolCalls.map(call => call.result as { task_id: string; status: string })
    expect(answers.map(answer => answer.status)).toEqual(['pending', 'pending'])
    // The turn was over while the slow sub-agent had not even finished, and the quick one waited behind it.
    const atTurnEnd = await subagentsOf(server, ids.threadId)
    expect(byTitle(atTurnEnd, 'Slow research').status).not.toBe('completed')
    expect(byTitle(atTurnEnd, 'Quick research').status).toBe('pending')
    const done = await until(() => subagentsOf(server, ids.threadId), list => list.length === 2 && list.every(entry => entry.status === 'completed'), 'both sub-agents')
    const quick = byTitle(done, 'Quick research')
    const slow = byTitle(done, 'Slow research')
    expect(quick.content).toBe(scenarioText('hello'))
    expect(slow.content).toBe(scenarioText('slow'))
    expect(answers.map(answer => answer.task_id).sort()).toEqual([quick.id, slow.id].sort())
    // With a limit of 1 the second waited for the first.
    expect(quick.startedAt!).toBeGreaterThanOrEqual(slow.finishedAt!)
    await until(async () => raw, text => text.split('\n\n').filter(frame => frame.includes(`"id":"${quick.id}"`)).length >= 3, 'feed events')
    const events = raw.split('\n\n').filter(frame => frame.startsWith('id: ')).map(frame => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as UserFeedEvent)
    const statuses = events.flatMap(event => event.type === 'job' && event.job.id === quick.id ? [event.job.status] : [])
    expect(statuses).toEqual(['queued', 'streaming', 'complete'])
    await reader.cancel()
  })

  it('stopping the turn cancels its unfinished sub-agent', async () => {
    pool.newDataDir('errand-sub-stop-')
    const server = await start()
    const ids = await send(server, 'spawn-then-slow')
    await until(() => subagentsOf(server, ids.threadId), list => list[0]?.status === 'running', 'the sub-agent to run')
    await until(() => jobOf(server, ids.jobId), job => job.content.length > 5, 'the turn to stream')
    expect((await server.api<PublicJob>(`/api/jobs/${ids.jobId}/abort`, { method: 'POST' })).body.status).toBe('aborted')
    const [cancelled] = await until(() => subagentsOf(server, ids.threadId), list => list[0]?.status === 'cancelled', 'the sub-agent to be cancelled', 5000)
    expect(scenarioText('slow').startsWith(cancelled!.content)).toBe(true)
  })

  it('cancel, retry and continue with result through the API; another user\'s ids answer 404', async () => {
    pool.newDataDir('errand-sub-api-')
    pool.mock.reset()
    const server = await start()
    const flaky = await send(server, 'spawn-flaky')
    const [failed] = await until(() => subagentsOf(server, flaky.threadId), list => list[0]?.status === 'failed', 'the flaky sub-agent to fail')
    for (const path of [`/api/subagents/${failed!.id}`, `/api/subagents/${failed!.id}/retry`, `/api/subagents/${failed!.id}/cancel`, `/api/subagents/${failed!.id}/continue`]) {
      expect((await server.api(path, { method: path.endsWith(failed!.id) ? 'GET' : 'POST', user: 'mallory' })).status, path).toBe(404)
    }
    expect((await server.api('/api/subagents', { user: 'mallory' })).body).toEqual([])
    expect((await server.api(`/api/subagents/${failed!.id}/continue`, { method: 'POST' })).status).toBe(409)
    const { status, body: retried } = await server.api<PublicSubagent>(`/api/subagents/${failed!.id}/retry`, { method: 'POST' })
    expect(status).toBe(202)
    expect(retried).toMatchObject({ title: 'Flaky task', status: 'pending', prompt: 'Try the flaky thing', parentJobId: failed!.parentJobId })
    const completed = await until(async () => (await server.api<PublicSubagent>(`/api/subagents/${retried.id}`)).body, entry => entry.status === 'completed', 'the retry')
    expect(completed.content).toBe(scenarioText('flaky'))
    expect((await server.api(`/api/subagents/${completed.id}/retry`, { method: 'POST' })).status).toBe(409)

    const { status: continued, body: turn } = await server.api<PostMessageResult>(`/api/subagents/${completed.id}/continue`, { method: 'POST' })
    expect(continued).toBe(202)
    expect(turn.threadId).toBe(flaky.threadId)
    const messages = (await server.api<Message[]>(`/api/threads/${flaky.threadId}/messages`)).body
    expect(messages.find(message => message.id === turn.userMessageId)!.content).toContain(scenarioText('flaky'))
    expect((await server.api<PublicSubagent>(`/api/subagents/${completed.id}`)).body.resultReadAt).toEqual(expect.any(Number))

    const running = await send(server, 'spawn-then-slow')
    const [entry] = await until(() => subagentsOf(server, running.threadId), list => list[0]?.status === 'running', 'a running sub-agent')
    const { body: stopped } = await server.api<PublicSubagent>(`/api/subagents/${entry!.id}/cancel`, { method: 'POST' })
    expect(stopped.status).toBe('cancelled')
    expect((await server.api<PublicSubagent[]>('/api/subagents?status=cancelled')).body.map(item => item.id)).toContain(entry!.id)
  })

  it('kill -9 while a sub-agent runs: the restarted server resumes it from its checkpoint, the search ran once', async () => {
    pool.newDataDir('errand-sub-crash-')
    pool.mock.reset()
    pool.search.calls.length = 0
    const first = await start()
    const ids = await send(first, 'spawn-crawl')
    const [running] = await until(() => subagentsOf(first, ids.threadId), list => list[0]?.toolCalls === 1 && (list[0]?.content.length ?? 0) > 20, 'the sub-agent mid-answer')
    await first.kill()
    const second = await start()
    const done = await until(async () => (await second.api<PublicSubagent>(`/api/subagents/${running!.id}`)).body, entry => entry.status === 'completed', 'the resumed sub-agent')
    expect(done.content).toBe(scenarioText('tool-then-crawl'))
    expect(pool.search.calls).toEqual(['errand lease fencing'])
    expect(await second.outputContaining('job resumed from checkpoint')).toContain('job resumed from checkpoint')
  })

  it('two instances on one file never run one sub-agent twice', async () => {
    pool.newDataDir('errand-sub-pair-')
    pool.mock.reset()
    pool.search.calls.length = 0
    const [a, b] = [await start(), await start()]
    const ids = await send(a, 'spawn-crawl')
    const [entry] = await until(() => subagentsOf(b, ids.threadId), list => list[0]?.status === 'completed', 'the sub-agent', 40_000)
    expect(entry!.content).toBe(scenarioText('tool-then-crawl'))
    expect(pool.search.calls).toHaveLength(1)
    // One request per round of the sub-agent (search round, answer round): nobody ran it again.
    expect(subagentRequests('mock/tool-then-crawl')).toHaveLength(2)
  })
})
