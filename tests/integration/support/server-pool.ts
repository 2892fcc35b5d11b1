// For test files whose tests start, kill and restart Errand servers on one SQLite data folder: one mock
// model server and one search stub for the whole file, a fresh data folder per test, and after each test
// its servers stopped (a frozen one woken first) and its folder removed. It sends no requests.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startMockModelServer, type MockModelServer } from '../../fixtures/mock-model-server/server.mjs'
import { startErrandServer, type ErrandServer } from './errand-server'
import { startSearchStub, type SearchStub } from './search-stub'
import { until as untilWithin } from '../../shared/until'

export interface ServerPool {
  readonly mock: MockModelServer
  readonly search: SearchStub
  /** The current test's data folder (made by `newDataDir`). */
  readonly dataDir: string
  /** Makes the current test's data folder, named with `prefix`. */
  newDataDir(prefix: string): string
  /** Starts a server on the current data folder against the mock and `env`; stopped after the test. */
  start(env: Record<string, string>): Promise<ErrandServer>
}

/** Registers the file's hooks and returns the pool its tests use. */
export function useServerPool(): ServerPool {
  let mock: MockModelServer | undefined
  let search: SearchStub | undefined
  let dataDir: string | undefined
  const servers: ErrandServer[] = []
  beforeAll(async () => {
    mock = await startMockModelServer()
    search = await startSearchStub()
  })
  afterEach(async () => {
    // A server a test froze with SIGSTOP cannot stop until it is woken.
    for (const server of servers) if (server.process.signalCode === null && server.process.exitCode === null) server.process.kill('SIGCONT')
    await Promise.all(servers.splice(0).map(server => server.stop()))
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    dataDir = undefined
  })
  afterAll(async () => {
    await mock?.close()
    await search?.close()
  })
  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: use the pool inside a test`)
    return value
  }
  return {
    get mock() { return required(mock, 'the mock model server') },
    get search() { return required(search, 'the search stub') },
    get dataDir() { return required(dataDir, 'the data folder (call newDataDir first)') },
    newDataDir(prefix) {
      dataDir = mkdtempSync(join(tmpdir(), prefix))
      return dataDir
    },
    async start(env) {
      const server = await startErrandServer({ mockUrl: required(mock, 'the mock model server').url, dataDir: required(dataDir, 'the data folder'), env })
      servers.push(server)
      return server
    },
  }
}

/** Integration waits: 30 s by default, polled every 50 ms. */
export const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000) =>
  untilWithin(read, done, what, { timeoutMs, everyMs: 50 })
