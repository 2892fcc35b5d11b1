// The traces of the memory store: rows kept by id with their user, replaced whole on a finish,
// listed in (turn, startedAt, id) order. Deleting traces with their jobs is deleteJobTrees' (memory-tables).
// Not a Store itself; memory-store.ts spreads these methods in.
import type { Trace } from '#shared/types/trace'
import type { Store } from '../ports'
import { compareTraces, isAfterCursor } from '../../../../shared/rules/trace-order'
import { ownedJob, type MemoryTables } from './memory-tables'

export type MemoryTraceMethods = Pick<Store, 'writeTraces' | 'listTraces' | 'systemDeleteTracesBefore'>

export function createMemoryTraces(tables: MemoryTables): MemoryTraceMethods {
  const { traces } = tables
  return {
    async writeTraces(userId, rows) {
      for (const row of rows) {
        if (!ownedJob(tables, userId, row.jobId)) continue
        traces.set(row.id, { userId, trace: structuredClone(row) })
      }
    },

    async listTraces(userId, query) {
      const matching: Trace[] = []
      for (const { userId: owner, trace } of traces.values()) {
        if (owner !== userId) continue
        if (query.threadId !== undefined && trace.threadId !== query.threadId) continue
        if (query.jobId !== undefined && trace.jobId !== query.jobId) continue
        if (query.turn !== undefined && trace.turn !== query.turn) continue
        if (isAfterCursor(trace, query.after)) matching.push(trace)
      }
      return structuredClone(matching.sort(compareTraces).slice(0, Math.max(0, query.limit)))
    },

    async systemDeleteTracesBefore(cutoff) {
      let deleted = 0
      for (const [id, { trace }] of traces) {
        if (trace.startedAt < cutoff) {
          traces.delete(id)
          deleted += 1
        }
      }
      return deleted
    },
  }
}
