// Re-attaching to a live job: with Last-Event-ID a viewer receives exactly the events it missed (replay
// path), or a snapshot when the replay buffer no longer holds them (snapshot path).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobEvent } from '#shared/types/job-event'
import { startChatFixture, type ChatFixture } from './support/chat-fixture'
import { scenarioText } from './support/scenarios'
import { openSse, textOf } from './support/sse-reader'

/** Drops the connection after `cut` events, re-attaches with Last-Event-ID, and returns both halves. */
async function disconnectAndResume(fixture: ChatFixture, jobId: string, cut: number) {
  const url = `${fixture.server.url}/api/jobs/${jobId}/stream`
  const first = await openSse(`${url}?after=0`)
  await first.until(events => events.length >= cut)
  first.close()
  const before = first.events.slice(0, cut)
  const lastSeen = before.at(-1)!.seq
  const second = await openSse(url, { lastEventId: lastSeen })
  await second.done
  return { before, after: second.events, lastSeen }
}

const seqs = (events: JobEvent[]) => events.map(event => event.seq)

describe('re-attaching with Last-Event-ID, replay path', () => {
  let fixture: ChatFixture
  beforeAll(async () => { fixture = await startChatFixture() })
  afterAll(async () => { await fixture?.close() })

  for (const cut of [2, 5, 9]) {
    it(`after ${cut} events receives exactly the remaining ones`, async () => {
      const ids = await fixture.send('slow')
      const { before, after, lastSeen } = await disconnectAndResume(fixture, ids.jobId, cut)
      expect(after[0]!.type).not.toBe('snapshot')
      const all = [...before, ...after]
      expect(seqs(all)).toEqual(all.map((_, index) => index + 1))
      expect(after[0]!.seq).toBe(lastSeen + 1)
      expect(textOf(all)).toBe(scenarioText('slow'))
      expect(all.at(-1)).toMatchObject({ type: 'status', status: 'complete' })
    })
  }

  it('with ?after= behaves like Last-Event-ID', async () => {
    const ids = await fixture.send('hello')
    await fixture.waitForJob(ids.jobId)
    const finished = await openSse(`${fixture.server.url}/api/jobs/${ids.jobId}/stream?after=0`)
    await finished.done
    expect(textOf(finished.events)).toBe(scenarioText('hello'))
    expect(finished.ended).toBe(true)
  })
})

describe('re-attaching with Last-Event-ID, snapshot path', () => {
  let fixture: ChatFixture
  beforeAll(async () => {
    fixture = await startChatFixture({ NUXT_JOBS_REPLAY_BUFFER_SIZE: '2', NUXT_JOBS_FANOUT_MODE: 'off' })
  })
  afterAll(async () => { await fixture?.close() })

  it('gets a snapshot with the whole text so far, then the rest live, and ends with the scenario text', async () => {
    const ids = await fixture.send('slow')
    const url = `${fixture.server.url}/api/jobs/${ids.jobId}/stream`
    const first = await openSse(`${url}?after=0`)
    await first.until(events => events.length >= 3)
    first.close()
    const lastSeen = first.events[2]!.seq
    await new Promise(resolve => setTimeout(resolve, 400))
    const second = await openSse(url, { lastEventId: lastSeen })
    await second.done
    expect(second.events[0]).toMatchObject({ type: 'snapshot' })
    expect(second.events[0]!.seq).toBeGreaterThan(lastSeen + 2)
    const rest = second.events.slice(1)
    expect(seqs(rest)).toEqual(rest.map((_, index) => second.events[0]!.seq + index + 1))
    expect(textOf(second.events)).toBe(scenarioText('slow'))
  })

  it('a finished job re-attached from an old seq gets its final snapshot and the end marker', async () => {
    const ids = await fixture.send('hello')
    await fixture.waitForJob(ids.jobId)
    const late = await openSse(`${fixture.server.url}/api/jobs/${ids.jobId}/stream`, { lastEventId: 1 })
    await late.done
    expect(late.events).toHaveLength(1)
    expect(late.events[0]).toMatchObject({ type: 'snapshot', job: { status: 'complete', content: scenarioText('hello') } })
    expect(late.ended).toBe(true)
  })
})
