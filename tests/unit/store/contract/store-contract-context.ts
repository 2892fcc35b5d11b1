// The shared set-up of the store contract suite: a fresh store per test, a frozen clock the tests move
// by hand (only `Date` is faked, so every row written in one step shares a millisecond), two users,
// and small builders. Holds no assertions; the contract files do.
import { afterEach, beforeEach, vi } from 'vitest'
import type { CreatedTurn, Store } from '../../../../server/core/store/ports'
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
