// POST /api/subagents/:id/cancel — stops a pending or running sub-agent; answers it afterwards.
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { cancelSubagent } from '../../../core/services/subagent-service'

export default defineApiHandler((event) => {
  const { id } = paramsWith(event, idParamSchema)
  return cancelSubagent(useAppContext(), resolveUserId(event), id)
})
