// POST /api/messages/:id/regenerate — answers an assistant message again, in place (later turns dropped); 202 with the ids.
import { setResponseStatus } from 'h3'
import { idParamSchema, regenerateMessageBodySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith, readBodyWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { regenerateMessage } from '../../../core/services/message-service'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const body = await readBodyWith(event, regenerateMessageBodySchema)
  const result = await regenerateMessage(useAppContext(), resolveUserId(event), id, body)
  setResponseStatus(event, 202)
  return result
})
