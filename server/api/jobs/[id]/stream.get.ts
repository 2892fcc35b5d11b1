// GET /api/jobs/:id/stream — SSE: replay after ?after= or Last-Event-ID (or a snapshot), then live events.
// At most `jobs.maxSseConnectionsPerUser` open streams per user (429 past it).
import { getHeader } from 'h3'
import { idParamSchema, streamQuerySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith, queryWith } from '../../../core/http/parse-input'
import { serveSse } from '../../../core/http/sse-response'
import { tooManyRequests } from '../../../core/http/app-error'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { sharedSseConnectionLimit } from '../../../core/jobs/sse/sse-connection-limit'
import { openJobStream, resumePoint } from '../../../core/services/job-stream-service'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const { after } = queryWith(event, streamQuerySchema)
  const context = useAppContext()
  const userId = resolveUserId(event)
  const start = await openJobStream(context, userId, id, resumePoint(after, getHeader(event, 'last-event-id')))
  const release = sharedSseConnectionLimit(context.config.jobs.maxSseConnectionsPerUser).acquire(userId)
  if (!release) throw tooManyRequests('Too many open streams for this user; close some tabs and try again.', 5)
  event.node.res.once('close', release)
  await serveSse(event, start)
})
