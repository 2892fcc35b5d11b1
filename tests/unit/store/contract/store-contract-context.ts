// The shared set-up of the store contract suite: a fresh store per test, a frozen clock the tests move
// by hand (only `Date` is faked, so every row written in one step shares a millisecond), two users,
// the lease owner whose fence the job writes carry, and small builders. Holds no assertions; the
// contract files do.
import { afterEach, beforeEach, vi } from 'vitest'
import type { CreatedTurn, LeaseFence, Store } from '../../../../server/core/store/ports'
import type { Job } from '#shared/types/job'
import type { Thread } from '#shared/types/thread'
import type { ToolCallState } from '#shared/types/tool-call'

/** Builds the store under test; called once per test. */
export type MakeStore = () => Promise<Store> | Store

/** What every contract test gets: the store of the current test and the clock. */
export interface StoreContractContext {
  readonly store: Store
  /** Moves the faked `Date.now()` forward. */
  advanceClock(milliseconds: number): void
}

/** The faked time at the start of every test. */
export const START_TIME = 1_700_000_000_000
export const ALICE = 'user-alice'
export const BOB = 'user-bob'
/** The instance that runs the jobs of the tests, and the fence its writes carry. */
export const OWNER = 'instance-a'
export const FENCE: LeaseFence = { owner: OWNER }
/** How long a lease taken with `holdJob` lasts from the moment it is taken. */
export const HELD_LEASE_MS = 60_000
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Registers the per-test hooks and returns the context the tests read the store from. */
export function useStoreContractContext(makeStore: MakeStore): StoreContractContext {
  let current: Store | null = null
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(START_TIME)
    current = await makeStore()
  })
  afterEach(async () => {
    await current?.close()
    current = null
    vi.useRealTimers()
  })
  return {
    get store() {
      if (!current) throw new Error('The store is only available inside a test of the store contract.')
      return current
    },
    advanceClock(milliseconds) {
      vi.setSystemTime(Date.now() + milliseconds)
    },
  }
}

/** A new thread of `userId` with one turn on it (content 'Hello there', model 'test-model'). */
export async function createThreadWithTurn(
  store: Store, userId: string, content = 'Hello there',
): Promise<{ thread: Thread, turn: CreatedTurn }> {
  const thread = await store.createThread(userId, {})
  const turn = await store.createTurn(userId, { threadId: thread.id, content, model: 'test-model', isDemo: false })
  if (!turn) throw new Error('createTurn returned null for the owner of a fresh thread.')
  return { thread, turn }
}

/** A tool call in the shape the tool loop writes. */
export function makeToolCall(id: string, overrides: Partial<ToolCallState> = {}): ToolCallState {
  return { id, name: 'calculator', status: 'running', args: { expression: '1 + 1' }, round: 1, startedAt: START_TIME, ...overrides }
}

/** Takes the lease of `jobId` for `owner` (OWNER by default) now, as a runner does before writing; returns the claimed job. */
export async function holdJob(store: Store, jobId: string, owner = OWNER): Promise<Job> {
  const job = await store.claimJobLease(jobId, owner, Date.now() + HELD_LEASE_MS, Date.now())
  if (!job) throw new Error(`claimJobLease refused ${owner} a free job.`)
  return job
}

/** Like createThreadWithTurn, with the job's lease held by OWNER (turn.job is the claimed job). */
export async function createThreadWithHeldTurn(
  store: Store, userId: string, content = 'Hello there',
): Promise<{ thread: Thread, turn: CreatedTurn }> {
  const { thread, turn } = await createThreadWithTurn(store, userId, content)
  return { thread, turn: { ...turn, job: await holdJob(store, turn.job.id) } }
}
