// GET /api/jobs/:id/children — the job's direct child jobs (a job tree), oldest first, in their public shape.
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { listChildJobs } from '../../../core/services/job-service'

export default defineApiHandler((event) => {
  const { id } = paramsWith(event, idParamSchema)
  return listChildJobs(useAppContext(), resolveUserId(event), id)
})
