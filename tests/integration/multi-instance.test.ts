// Two server processes on one SQLite file: a stop sent to the instance that does not run the job ends
// it; an owner frozen with SIGSTOP past its lease loses the job to the other instance, which resumes
// it, and once woken (SIGCONT) writes nothing — no duplicated text, the tool ran once; deleting a
// thread on one instance stops its job on the other; the per-user live feed crosses instances.
import { describe, expect, it } from 'vitest'
import type { PublicJob } from '#shared/types/job'
import type { PostMessageResult } from '#shared/schemas/api'
import type { UserFeedEvent } from '#shared/types/user-event'
import type { ErrandServer } from './support/errand-server'
import { mockModelList, scenarioText } from './support/scenarios'
import { openSse, textOf } from './support/sse-reader'
import { until, useServerPool } from './support/server-pool'

const pool = useServerPool()

function start(): Promise<ErrandServer> {
  return pool.start({
    NUXT_LLM_MODEL: 'mock/tool-then-crawl',
    NUXT_LLM_MODELS: mockModelList(),
    NUXT_SEARCH_SEARXNG_URL: pool.search.url,
    NUXT_JOBS_LEASE_MS: '1500',
    NUXT_JOBS_HEARTBEAT_MS: '250',
    NUXT_JOBS_RECOVERY_INTERVAL_MS: '300',
    NUXT_JOBS_FOLLOW_POLL_INTERVAL_MS: '100',
    NUXT_JOBS_ABORT_WAIT_MS: '2000',
  })
}

async function sendTurn(server: ErrandServer, model?: string): Promise<PostMessageResult> {
  const { body: thread } = await server.api<{ id: string }>('/api/threads', { method: 'POST', body: {} })
  const { status, body } = await server.api<PostMessageResult>(`/api/threads/${thread.id}/messages`, {
    method: 'POST', body: { content: 'search, then answer slowly', ...(model ? { model } : {}) },
  })
  expect(status).toBe(202)
  return body
}

async function jobOn(server: ErrandServer, jobId: string): Promise<PublicJob> {
  return (await server.api<PublicJob>(`/api/jobs/${jobId}/status`)).body
}

describe('two instances on one SQLite file', () => {
  it('an abort sent to the instance that does not run the job ends it aborted within the 2 s it waits', async () => {
    pool.newDataDir('errand-abort-')
    const [a, b] = [await start(), await start()]
    const ids = await sendTurn(a)
    await until(() => jobOn(b, ids.jobId), job => job.content.length > 10, 'some text')
    const { status, body } = await b.api<PublicJob>(`/api/jobs/${ids.jobId}/abort`, { method: 'POST' })
    expect(status).toBe(200)
    expect(body.status).toBe('aborted')
    const final = await jobOn(a, ids.jobId)
    expect(final.status).toBe('aborted')
    // Stopped mid-answer: the text so far is kept, and no more is written after the stop.
    expect(scenarioText('tool-then-crawl').startsWith(final.content)).toBe(true)
    expect(final.content.length).toBeLessThan(scenarioText('tool-then-crawl').length)
    await new Promise(resolve => setTimeout(resolve, 600))
    expect((await jobOn(a, ids.jobId)).content).toBe(final.content)
  })

  it('an owner frozen past its lease loses the job; the other resumes it; woken, the first writes nothing', async () => {
    pool.newDataDir('errand-sigstop-')
    pool.search.calls.length = 0
    pool.mock.reset()
    const [a, b] = [await start(), await start()]
    const ids = await sendTurn(a)
    await until(() => jobOn(b, ids.jobId), job => job.toolCalls[0]?.status === 'completed' && job.content.length > 20, 'tool done and text')
    a.process.kill('SIGSTOP')
    // B's recovery takes the job once A's lease lapses, and resumes it from its checkpoint.
    const resumedRequests = () => pool.mock.requests.filter(request => (request.body as { messages: { role: string }[] }).messages.some(message => message.role === 'tool')).length
    await until(async () => resumedRequests(), count => count >= 2, 'the resumed model round', 20_000)
    a.process.kill('SIGCONT')
    const job = await until(() => jobOn(b, ids.jobId), current => current.status === 'complete', 'completion')
    expect(job.content).toBe(scenarioText('tool-then-crawl'))
    expect(pool.search.calls).toEqual(['errand lease fencing'])
    expect(job.toolCalls).toEqual([expect.objectContaining({ id: 'call_search_1', status: 'completed' })])
    // A's woken job met the fence: it stopped and left the row alone.
    await until(async () => a.output(), output => output.includes('job lease taken by another instance'), 'A to notice')
    await new Promise(resolve => setTimeout(resolve, 500))
    const later = await jobOn(a, ids.jobId)
    expect(later).toEqual(job)
    const viewer = await openSse(`${a.url}/api/jobs/${ids.jobId}/stream`)
    await viewer.done
    expect(textOf(viewer.events)).toBe(scenarioText('tool-then-crawl'))
  })

  it('deleting a thread on one instance stops its job on the other', async () => {
    pool.newDataDir('errand-delete-')
    const [a, b] = [await start(), await start()]
    const ids = await sendTurn(a)
    await until(() => jobOn(a, ids.jobId), job => job.content.length > 10, 'some text')
    const mockStreams = pool.mock.activeStreams()
    expect(mockStreams).toBeGreaterThan(0)
    expect((await b.api(`/api/threads/${ids.threadId}`, { method: 'DELETE' })).status).toBe(204)
    await until(async () => pool.mock.activeStreams(), count => count < mockStreams, 'the model request to be cancelled', 5000)
    expect((await a.api(`/api/jobs/${ids.jobId}/status`)).status).toBe(404)
  })

  it('the live feed on one instance shows a thread and turn started on the other', async () => {
    pool.newDataDir('errand-feed-')
    const [a, b] = [await start(), await start()]
    const feed = await fetch(`${b.url}/api/events`, { headers: { accept: 'text/event-stream' } })
    expect(feed.status).toBe(200)
    expect(feed.headers.get('content-type')).toMatch(/text\/event-stream/)
    const reader = feed.body!.getReader()
    let raw = ''
    const events = (): UserFeedEvent[] => raw.split('\n\n').filter(frame => frame.startsWith('id: '))
      .map(frame => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as UserFeedEvent)
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        raw += new TextDecoder().decode(value)
      }
    })()
    const ids = await sendTurn(a, 'mock/hello')
    await until(async () => events(), list => list.some(event => event.type === 'job' && event.job.id === ids.jobId && event.job.status === 'complete'), 'the feed')
    const list = events()
    expect(list.find(event => event.type === 'thread')).toMatchObject({ thread: { id: ids.threadId } })
    expect(list.filter(event => event.type === 'job').map(event => event.type === 'job' && event.job.status)).toEqual(['queued', 'streaming', 'complete'])
    expect(raw).not.toContain(scenarioText('hello').slice(0, 30))
    await reader.cancel()
    await pump.catch(() => undefined)
  })
})
