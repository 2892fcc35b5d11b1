// POST /api/jobs/:id/abort — stops the job, keeping what it produced; answers the job afterwards.
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../utils/http/define-api-handler'
import { paramsWith } from '../../../utils/http/parse-input'
import { resolveUserId } from '../../../utils/http/resolve-user'
import { useAppContext } from '../../../utils/app-context'
import { abortJob } from '../../../utils/services/job-service'

export default defineApiHandler((event) => {
  const { id } = paramsWith(event, idParamSchema)
  return abortJob(useAppContext(), resolveUserId(event), id)
})
