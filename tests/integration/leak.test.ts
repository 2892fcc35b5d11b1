// Leak test, the fast version of the memory benchmark (bench/memory.mjs): 200 short jobs — watched,
// unwatched, left by their viewer, aborted, aborted while watched, with a tool call — then every per-job
// structure must be back to zero and no socket, timer or listener left beyond the baseline. Counts only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChatFixture, type ChatFixture } from './support/chat-fixture'
import { openSse } from './support/sse-reader'

/** What GET /api/_debug/state answers (server/api/_debug/state.get.ts). */
interface DebugState {
  jobs: { running: number; queued: number; usersWithRunningJobs: number; live: number; viewers: number; pingTimer: boolean }
  activeResources: Record<string, number>
  listeners: { process: number; server: number }
  incomingConnections: number
}

const JOB_COUNT = 200
const LANES = 20
const kinds = ['unwatched', 'watched', 'viewer leaves', 'aborted', 'aborted while watched', 'tool, watched'] as const
type Kind = (typeof kinds)[number]

let fixture: ChatFixture

async function debugState(closeIdle = false): Promise<DebugState> {
  const { status, body } = await fixture.server.api<DebugState>(`/api/_debug/state?closeIdle=${closeIdle ? 1 : 0}`)
  if (status !== 200) throw new Error(`GET /api/_debug/state answered ${status}; the server needs NUXT_DEBUG_ENDPOINTS=true`)
  return body
}

async function runJob(kind: Kind, user: string): Promise<void> {
  const scenario = kind === 'tool, watched' ? 'tool-single' : kind === 'unwatched' || kind === 'watched' ? 'hello' : 'slow'
  const { jobId } = await fixture.send(scenario, { user })
  const abort = () => fixture.server.api(`/api/jobs/${jobId}/abort`, { method: 'POST', user })
  if (kind === 'unwatched') return
  if (kind === 'aborted') {
    await abort()
    return
  }
  const viewer = await openSse(`${fixture.server.url}/api/jobs/${jobId}/stream?after=0`, { user })
  if (kind === 'viewer leaves' || kind === 'aborted while watched') await viewer.until(events => events.length >= 2)
  if (kind === 'viewer leaves') {
    viewer.close()
    return
  }
  if (kind === 'aborted while watched') await abort()
  await viewer.done
  if (!viewer.ended) throw new Error(`the stream of ${kind} job ${jobId} closed without the end marker`)
}

async function runJobs(count: number): Promise<void> {
  let next = 0
  const lane = async () => {
    while (next < count) {
      const index = next++
      await runJob(kinds[index % kinds.length]!, `leak-user-${index % 4}`)
    }
  }
  await Promise.all(Array.from({ length: LANES }, lane))
}

/**
 * Polls until no job runs or is held, no model stream is open and only the polling connection is left
 * (closed streams take a moment to leave the server's count); at most 30 s. Returns the last state read.
 */
async function settle(): Promise<DebugState> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const state = await debugState(true)
    const { running, queued, live, viewers } = state.jobs
    const quiet = running + queued + live + viewers === 0 && state.incomingConnections === 1 && fixture.mock.activeStreams() === 0
    if (quiet || Date.now() > deadline) return state
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

describe('no per-job state outlives its job', () => {
  let baseline: DebugState

  beforeAll(async () => {
    // A low global limit, so some jobs wait in the queue (and some are aborted there).
    fixture = await startChatFixture({ NUXT_DEBUG_ENDPOINTS: 'true', NUXT_JOBS_MAX_CONCURRENT: '8', NUXT_JOBS_MAX_CONCURRENT_PER_USER: '8' })
    await runJobs(kinds.length * 2)
    baseline = await settle()
  })
  afterAll(async () => { await fixture?.close() })

  it(`after ${JOB_COUNT} jobs: no live state, viewer, running or queued job, model stream, socket, timer or listener left`, async () => {
    await runJobs(JOB_COUNT)
    const after = await settle()
    expect(after.jobs).toEqual({ running: 0, queued: 0, usersWithRunningJobs: 0, live: 0, viewers: 0, pingTimer: false })
    expect(fixture.mock.activeStreams()).toBe(0)
    // Only the connection asking for the state is left once idle keep-alive connections are closed.
    expect(after.incomingConnections).toBe(1)
    expect(after.activeResources.Timeout ?? 0).toBeLessThanOrEqual(baseline.activeResources.Timeout ?? 0)
    expect(after.listeners).toEqual(baseline.listeners)
  })
})
