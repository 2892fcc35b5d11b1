// POST /api/subagents/:id/retry — runs a failed or cancelled sub-agent again (a new sub-agent; 409 otherwise).
import { setResponseStatus } from 'h3'
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { retrySubagent } from '../../../core/services/subagent-service'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const retried = await retrySubagent(useAppContext(), resolveUserId(event), id)
  setResponseStatus(event, 202)
  return retried
})
