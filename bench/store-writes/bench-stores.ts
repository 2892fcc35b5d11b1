// The stores the in-process store benchmarks measure (sqlite in a temp file, memory, convex on
// convex-test when its test backend loads), and a streaming job on one of them with its lease held, as
// a runner holds it. Measures nothing itself.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryStore } from '../../server/core/store/memory/memory-store'
import { createSqliteStore } from '../../server/core/store/sqlite/sqlite-store'
import type { LeaseFence, Store } from '../../server/core/store/ports'

export interface OpenedStore { store: Store; close: () => Promise<void> }
export type StoreOpener = () => Promise<OpenedStore>

export const BENCH_USER = 'bench'
/** The lease owner the benchmark's writes carry. */
export const BENCH_FENCE: LeaseFence = { owner: 'bench-instance' }

/** The stores to measure; convex only when its test backend loads in this tree (noted otherwise). */
export async function storeOpeners(): Promise<{ openers: Record<string, StoreOpener>; notes: string[] }> {
  const notes: string[] = []
  const openers: Record<string, StoreOpener> = {
    sqlite: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'errand-bench-store-'))
      const store = createSqliteStore({ path: join(dir, 'bench.sqlite') })
      return { store, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }) } }
    },
    memory: async () => {
      const store = createMemoryStore()
      return { store, close: () => store.close() }
    },
  }
  try {
    const backend = await import('../../tests/unit/store/convex-backend')
    process.env.ERRAND_CONVEX_SECRET = backend.TEST_SECRET
    openers.convex = async () => {
      const store = backend.makeConvexStore()
      return { store, close: () => store.close() }
    }
  } catch (error) {
    notes.push(`convex skipped: its test backend (tests/unit/store/convex-backend.ts) could not be loaded: ${error instanceof Error ? error.message : String(error)}`)
  }
  return { openers, notes }
}

/** A new turn's job on `store`, its lease held by BENCH_FENCE's owner and marked streaming; returns its id. */
export async function streamingJob(store: Store): Promise<string> {
  const thread = await store.createThread(BENCH_USER, { title: 'bench' })
  const turn = await store.createTurn(BENCH_USER, { threadId: thread.id, content: 'bench', model: 'mock/bench', isDemo: false })
  if (!turn) throw new Error('createTurn returned null for a thread just created')
  await store.claimJobLease(turn.job.id, BENCH_FENCE.owner, Date.now() + 3_600_000, Date.now())
  await store.markJobStreaming(BENCH_USER, turn.job.id, BENCH_FENCE)
  return turn.job.id
}
