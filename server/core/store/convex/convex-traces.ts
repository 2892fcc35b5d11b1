// The traces methods of the convex provider: traces travel as JSON text with their indexed fields
// beside them, and every trace read back is validated with the shared schema. No Convex logic here.
import { traceSchema } from '#shared/types/trace'
import { z } from 'zod'
import { api } from '../../../../convex/_generated/api'
import type { Store } from '../ports'
import { deleteInBatches } from './convex-batched-delete'
import type { ConvexCalls } from './convex-client'

export type ConvexTraceMethods = Pick<Store, 'writeTraces' | 'listTraces' | 'systemDeleteTracesBefore'>

const traceJsonListSchema = z.array(z.string())

export function convexTraces(client: ConvexCalls): ConvexTraceMethods {
  return {
    async writeTraces(userId, traces) {
      if (traces.length === 0) return
      await client.mutation(api.traces.write, {
        userId,
        traces: traces.map(trace => ({
          traceId: trace.id, jobId: trace.jobId, threadId: trace.threadId, turn: trace.turn, startedAt: trace.startedAt,
          traceJson: JSON.stringify(trace),
        })),
      })
    },

    async listTraces(userId, query) {
      const rows = traceJsonListSchema.parse(await client.query(api.traces.list, {
        userId, threadId: query.threadId, jobId: query.jobId, turn: query.turn, after: query.after ?? undefined, limit: query.limit,
      }))
      return rows.map(json => traceSchema.parse(JSON.parse(json)))
    },

    systemDeleteTracesBefore(cutoff) {
      return deleteInBatches(() => client.mutation(api.traces.deleteBefore, { cutoff }))
    },
  }
}
