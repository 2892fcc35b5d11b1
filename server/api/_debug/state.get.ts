// GET /api/_debug/state — for benchmarks and the leak test only: the size of every per-job structure,
// memory, active handles and listener counts. Answers 404 unless runtime config `debug.endpoints` is on
// (NUXT_DEBUG_ENDPOINTS=true). `?gc=1` forces garbage collection first (server started with --expose-gc);
// `?closeIdle=1` closes idle keep-alive connections first, so `incomingConnections` counts only busy ones.
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { getQuery } from 'h3'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { useAppContext } from '../../core/app-context'
import { notFound } from '../../core/http/app-error'

type Collectable = typeof globalThis & { gc?: () => void }

const isOn = (value: unknown): boolean => value === '1' || value === 'true'

function countByType(types: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const type of types) counts[type] = (counts[type] ?? 0) + 1
  return counts
}

function listenerTotal(emitter: NodeJS.EventEmitter | undefined): number {
  if (!emitter) return 0
  return emitter.eventNames().reduce((sum, name) => sum + emitter.listenerCount(name), 0)
}

function connectionCount(server: Server | undefined): Promise<number> {
  if (!server) return Promise.resolve(-1)
  return new Promise(resolve => server.getConnections((error, count) => resolve(error ? -1 : count)))
}

export default defineApiHandler(async (event) => {
  const { config, registry, runner } = useAppContext()
  if (!config.debug.endpoints) throw notFound('route', '/api/_debug/state')
  const query = getQuery(event)
  const server = (event.node.req.socket as Socket & { server?: Server }).server
  const collect = (globalThis as Collectable).gc
  if (isOn(query.gc) && collect) {
    // Twice: the first pass can leave objects whose finalizers free more on the second.
    collect()
    collect()
  }
  if (isOn(query.closeIdle) && server) {
    server.closeIdleConnections()
    // Destroyed sockets leave the server's count in the close phase of a later loop turn.
    for (let turn = 0; turn < 3; turn++) await new Promise(resolve => setImmediate(resolve))
  }
  return {
    gcExposed: collect !== undefined,
    memory: process.memoryUsage(),
    jobs: { ...runner.stats, live: registry.size, viewers: registry.viewerCount, pingTimer: registry.hasPingTimer },
    activeResources: countByType(process.getActiveResourcesInfo()),
    listeners: { process: listenerTotal(process), server: listenerTotal(server) },
    incomingConnections: await connectionCount(server),
  }
})
