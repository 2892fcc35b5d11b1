// GET /api/jobs/:id/stream — SSE: replay after ?after= or Last-Event-ID (or a snapshot), then live events.
import { getHeader, setResponseHeader } from 'h3'
import { idParamSchema, streamQuerySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith, queryWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { openJobStream, resumePoint } from '../../../core/services/job-stream-service'
import { AppError } from '../../../core/http/app-error'
import { sharedSseConnectionLimit } from '../../../core/jobs/sse/sse-connection-limit'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const { after } = queryWith(event, streamQuerySchema)
  const context = useAppContext()
  const userId = resolveUserId(event)
  const start = await openJobStream(context, userId, id, resumePoint(after, getHeader(event, 'last-event-id')))
  const release = sharedSseConnectionLimit(context.config.jobs.maxSseConnectionsPerUser).acquire(userId)
  if (!release) {
    setResponseHeader(event, 'retry-after', 5)
    throw new AppError(429, 'Too many open streams for this user; close some tabs and try again.')
  }
  const response = event.node.res
  response.once('close', release)
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'connection': 'keep-alive',
    'x-accel-buffering': 'no',
  })
  response.flushHeaders()
  const closed = new Promise<void>(resolve => response.once('close', () => resolve()))
  start(response)
  await closed
})
