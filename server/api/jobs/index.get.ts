// GET /api/jobs?active=1[&threadId=] — the caller's jobs (active: queued and streaming only).
import { listJobsQuerySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../utils/http/define-api-handler'
import { queryWith } from '../../utils/http/parse-input'
import { resolveUserId } from '../../utils/http/resolve-user'
import { useAppContext } from '../../utils/app-context'
import { listJobs } from '../../utils/services/job-service'

export default defineApiHandler((event) => {
  const query = queryWith(event, listJobsQuerySchema)
  const active = query.active === '1' || query.active === 'true'
  return listJobs(useAppContext(), resolveUserId(event), { active, ...(query.threadId ? { threadId: query.threadId } : {}) })
})
