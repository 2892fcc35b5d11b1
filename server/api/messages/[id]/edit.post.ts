// POST /api/messages/:id/edit — replaces a question's text and answers it anew (later turns dropped); 202 with the ids.
import { setResponseStatus } from 'h3'
import { editMessageBodySchema, idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith, readBodyWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { editMessage } from '../../../core/services/message-service'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const body = await readBodyWith(event, editMessageBodySchema)
  const result = await editMessage(useAppContext(), resolveUserId(event), id, body)
  setResponseStatus(event, 202)
  return result
})
