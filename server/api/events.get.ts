// GET /api/events — SSE: the caller's thread and job changes (ids, kinds, statuses, titles), resumable
// with Last-Event-ID; `event: reset` asks the client to refetch. See docs/api.md.
import { getHeader } from 'h3'
import { streamQuerySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../core/http/define-api-handler'
import { queryWith } from '../core/http/parse-input'
import { serveSse } from '../core/http/sse-response'
import { resolveUserId } from '../core/auth/resolve-user'
import { useAppContext } from '../core/app-context'
import { resumePoint } from '../core/services/job-stream-service'
import { openUserFeed } from '../core/services/user-feed-service'

export default defineApiHandler(async (event) => {
  const { after } = queryWith(event, streamQuerySchema)
  const start = openUserFeed(useAppContext(), resolveUserId(event), resumePoint(after, getHeader(event, 'last-event-id')))
  await serveSse(event, start)
})
