// GET /api/jobs/:id/stream — SSE: replay after ?after= or Last-Event-ID (or a snapshot), then live events.
import { getHeader } from 'h3'
import { idParamSchema, streamQuerySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith, queryWith } from '../../../core/http/parse-input'
import { serveSse } from '../../../core/http/sse-response'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { openJobStream, resumePoint } from '../../../core/services/job-stream-service'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const { after } = queryWith(event, streamQuerySchema)
  const start = await openJobStream(useAppContext(), resolveUserId(event), id, resumePoint(after, getHeader(event, 'last-event-id')))
  await serveSse(event, start)
})
