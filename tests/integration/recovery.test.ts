// Jobs survive a crash: kill -9 the server after a tool call completed and mid-answer, start it again
// on the same SQLite file, and the job completes from its checkpoint without running the tool twice;
// with two instances on one file, the survivor resumes the dead one's job after its lease expires,
// and a viewer on one instance sees a job the other runs, live, to the end.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { Job } from '#shared/types/job'
import type { PostMessageResult } from '#shared/schemas/api'
import type { ErrandServer } from './support/errand-server'
import { mockModelList, scenarioText } from './support/scenarios'
import { openSse, textOf } from './support/sse-reader'
import { useServerPool } from './support/server-pool'

const pool = useServerPool()

const env = () => ({
  NUXT_LLM_MODEL: 'mock/tool-then-slow',
  NUXT_LLM_MODELS: mockModelList(),
  NUXT_SEARCH_SEARXNG_URL: pool.search.url,
  NUXT_JOBS_LEASE_MS: '1500',
  NUXT_JOBS_RECOVERY_INTERVAL_MS: '300',
  NUXT_JOBS_FOLLOW_POLL_INTERVAL_MS: '100',
})

const start = (): Promise<ErrandServer> => pool.start(env())

async function sendTurn(server: ErrandServer): Promise<PostMessageResult> {
  const { body: thread } = await server.api<{ id: string }>('/api/threads', { method: 'POST', body: {} })
  const { status, body } = await server.api<PostMessageResult>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content: 'search, then answer slowly' } })
  expect(status).toBe(202)
  return body
}

async function waitForEnd(server: ErrandServer, jobId: string, timeoutMs = 30_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { body } = await server.api<Job>(`/api/jobs/${jobId}/status`)
    if (['complete', 'error', 'aborted'].includes(body.status)) return body
    if (Date.now() > deadline) throw new Error(`job still ${body.status}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

const toolRequests = () => pool.mock.requests.filter(request => (request.body as { messages: { role: string }[] }).messages.some(message => message.role === 'tool'))

describe('jobs that survive the death of their server', () => {
  it('kill -9 after the tool completed: the restarted server finishes the job, the tool ran once, the text shows once', async () => {
    pool.newDataDir('errand-crash-')
    pool.mock.reset()
    pool.search.calls.length = 0
    const first = await start()
    const ids = await sendTurn(first)
    const viewer = await openSse(`${first.url}/api/jobs/${ids.jobId}/stream?after=0`)
    await viewer.until(events => events.some(event => event.type === 'tool_call' && event.toolCall.status === 'completed')
      && textOf(events).length > 20)
    await first.kill()
    viewer.close()
    const seen = viewer.events.at(-1)!.seq

    const second = await start()
    const job = await waitForEnd(second, ids.jobId)
    expect(job.status).toBe('complete')
    expect(job.content).toBe(scenarioText('tool-then-slow'))
    expect(await second.outputContaining('job resumed from checkpoint')).toContain('job resumed from checkpoint')
    expect(pool.search.calls).toEqual(['errand background jobs'])
    expect(job.toolCalls).toEqual([expect.objectContaining({ id: 'call_search_1', status: 'completed' })])
    expect(toolRequests().length).toBe(2)
    expect(pool.mock.requests.length).toBe(3)

    const returning = await openSse(`${second.url}/api/jobs/${ids.jobId}/stream`, { lastEventId: seen })
    await returning.done
    expect(textOf(returning.events)).toBe(scenarioText('tool-then-slow'))
    expect(returning.ended).toBe(true)
  })

  it('kill -9 in a thread with an earlier turn: the resumed round sends the model the same conversation, its history rebuilt from the thread', async () => {
    pool.newDataDir('errand-crash-')
    pool.mock.reset()
    const first = await start()
    const { body: thread } = await first.api<{ id: string }>('/api/threads', { method: 'POST', body: {} })
    const earlier = await first.api<PostMessageResult>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content: 'Say hello [[scenario:hello]]' } })
    expect(await waitForEnd(first, earlier.body.jobId)).toMatchObject({ status: 'complete' })
    const { body: ids } = await first.api<PostMessageResult>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content: 'search, then answer slowly' } })
    const viewer = await openSse(`${first.url}/api/jobs/${ids.jobId}/stream?after=0`)
    await viewer.until(events => events.some(event => event.type === 'tool_call' && event.toolCall.status === 'completed') && textOf(events).length > 20)
    await first.kill()
    viewer.close()
    // What the dead server left in the file: only what the run added, over the history's fingerprint.
    const file = new Database(join(pool.dataDir, 'errand.sqlite'), { readonly: true })
    const stored = JSON.parse((file.prepare('SELECT checkpoint FROM jobs WHERE id = ?').get(ids.jobId) as { checkpoint: string }).checkpoint)
    file.close()
    expect(stored.state).toMatchObject({ format: 'incremental', history: { count: 4 }, added: [{ role: 'assistant' }, { role: 'tool' }] })
    expect(stored.state).not.toHaveProperty('messages')

    const second = await start()
    expect(await waitForEnd(second, ids.jobId)).toMatchObject({ status: 'complete', content: scenarioText('tool-then-slow') })
    expect(await second.outputContaining('job resumed from checkpoint')).toContain('job resumed from checkpoint')
    const [beforeCrash, resumed, ...more] = toolRequests().map(request => (request.body as { messages: { role: string, content: unknown }[] }).messages)
    expect(more).toEqual([])
    expect(resumed).toEqual(beforeCrash)
    expect(resumed!.filter(message => message.role === 'user').map(message => message.content)).toEqual(['Say hello [[scenario:hello]]', 'search, then answer slowly'])
    expect(resumed!.filter(message => message.role === 'assistant').map(message => message.content)).toEqual([scenarioText('hello'), null])
  })

  it('SIGTERM pauses the job at its checkpoint and releases its lease; the restarted server resumes it at once', async () => {
    pool.newDataDir('errand-sigterm-')
    pool.search.calls.length = 0
    const first = await start()
    const ids = await sendTurn(first)
    const viewer = await openSse(`${first.url}/api/jobs/${ids.jobId}/stream?after=0`)
    await viewer.until(events => textOf(events).length > 20)
    await first.stop()
    expect(await first.outputContaining('job paused')).toContain('job paused')
    const second = await start()
    const job = await waitForEnd(second, ids.jobId)
    expect(job).toMatchObject({ status: 'complete', content: scenarioText('tool-then-slow') })
    expect(await second.outputContaining('job resumed from checkpoint')).toContain('job resumed from checkpoint')
    expect(pool.search.calls).toHaveLength(1)
  })

  it('two instances on one file: the survivor resumes the dead one\'s job after its lease expires, and its viewer sees it finish', async () => {
    pool.newDataDir('errand-pair-')
    pool.search.calls.length = 0
    const [a, b] = [await start(), await start()]
    const ids = await sendTurn(a)
    const onA = await openSse(`${a.url}/api/jobs/${ids.jobId}/stream?after=0`)
    await onA.until(events => textOf(events).length > 20)
    const onB = await openSse(`${b.url}/api/jobs/${ids.jobId}/stream`)
    await onB.until(events => textOf(events).length > 20)
    await a.kill()
    onA.close()
    await onB.done
    let events = onB.events
    if (!onB.ended) {
      // The follower was replaced by B's own run of the job: reconnect like EventSource does.
      const again = await openSse(`${b.url}/api/jobs/${ids.jobId}/stream`, { lastEventId: onB.events.at(-1)!.seq })
      await again.done
      events = [...events, ...again.events]
    }
    expect(textOf(events)).toBe(scenarioText('tool-then-slow'))
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'complete' })
    const job = await waitForEnd(b, ids.jobId)
    expect(job).toMatchObject({ status: 'complete', content: scenarioText('tool-then-slow') })
    expect(await b.outputContaining('job resumed from checkpoint')).toContain('job resumed from checkpoint')
    expect(pool.search.calls).toHaveLength(1)
  })

  it('a viewer on instance B sees a job running on instance A live, in order, to completion', async () => {
    pool.newDataDir('errand-follow-')
    const [a, b] = [await start(), await start()]
    const ids = await sendTurn(a)
    const onB = await openSse(`${b.url}/api/jobs/${ids.jobId}/stream`)
    await onB.done
    expect(onB.ended).toBe(true)
    const seqs = onB.events.map(event => event.seq)
    expect(seqs).toEqual([...seqs].sort((left, right) => left - right))
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(onB.events.filter(event => event.type === 'delta').length).toBeGreaterThan(3)
    expect(textOf(onB.events)).toBe(scenarioText('tool-then-slow'))
    expect(onB.events.filter(event => event.type === 'tool_call').at(-1)).toMatchObject({ toolCall: { status: 'completed' } })
    expect(onB.events.at(-1)).toMatchObject({ type: 'status', status: 'complete' })
    const { body: health } = await b.api<{ jobs: { live: number } }>('/api/health')
    expect(health.jobs.live).toBe(0)
  })
})
