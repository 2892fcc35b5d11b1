// POST /api/subagents/:id/continue — "continue with result": a new turn in its thread that hands the model the result (202).
import { setResponseStatus } from 'h3'
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { continueWithSubagent } from '../../../core/services/subagent-service'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const turn = await continueWithSubagent(useAppContext(), resolveUserId(event), id)
  setResponseStatus(event, 202)
  return turn
})
