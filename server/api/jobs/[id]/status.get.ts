// GET /api/jobs/:id/status — the job in its public shape (no checkpoint, lease or attempts).
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { getJob } from '../../../core/services/job-service'

export default defineApiHandler((event) => {
  const { id } = paramsWith(event, idParamSchema)
  return getJob(useAppContext(), resolveUserId(event), id)
})
