// POST /api/jobs/:id/abort — stops the job, keeping what it produced; answers the job afterwards.
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { abortJob } from '../../../core/services/job-service'

export default defineApiHandler((event) => {
  const { id } = paramsWith(event, idParamSchema)
  return abortJob(useAppContext(), resolveUserId(event), id)
})
