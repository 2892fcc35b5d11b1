// GET /api/jobs/:id/status — the job as stored.
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../utils/http/define-api-handler'
import { paramsWith } from '../../../utils/http/parse-input'
import { resolveUserId } from '../../../utils/http/resolve-user'
import { useAppContext } from '../../../utils/app-context'
import { getJob } from '../../../utils/services/job-service'

export default defineApiHandler((event) => {
  const { id } = paramsWith(event, idParamSchema)
  return getJob(useAppContext(), resolveUserId(event), id)
})
