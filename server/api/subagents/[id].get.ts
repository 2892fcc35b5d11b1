// GET /api/subagents/:id — one sub-agent of the caller (404 otherwise).
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { paramsWith } from '../../core/http/parse-input'
import { resolveUserId } from '../../core/auth/resolve-user'
import { useAppContext } from '../../core/app-context'
import { getSubagent } from '../../core/services/subagent-service'

export default defineApiHandler((event) => {
  const { id } = paramsWith(event, idParamSchema)
  return getSubagent(useAppContext(), resolveUserId(event), id)
})
