// GET /api/jobs?active=1[&threadId=][&kind=] — the caller's jobs in their public shape (active: queued and streaming only).
import { listJobsQuerySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { queryWith } from '../../core/http/parse-input'
import { resolveUserId } from '../../core/auth/resolve-user'
import { useAppContext } from '../../core/app-context'
import { listJobs } from '../../core/services/job-service'

export default defineApiHandler((event) => {
  const query = queryWith(event, listJobsQuerySchema)
  const active = query.active === '1' || query.active === 'true'
  return listJobs(useAppContext(), resolveUserId(event), {
    active, ...(query.threadId ? { threadId: query.threadId } : {}), ...(query.kind ? { kind: query.kind } : {}),
  })
})
