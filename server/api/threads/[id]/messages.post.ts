// POST /api/threads/:id/messages — sends a message; the answer runs as a background job (202 with its ids).
import { setResponseStatus } from 'h3'
import { idParamSchema, postMessageBodySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith, readBodyWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { postMessage } from '../../../core/services/message-service'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const body = await readBodyWith(event, postMessageBodySchema)
  const result = await postMessage(useAppContext(), resolveUserId(event), id, body)
  setResponseStatus(event, 202)
  return result
})
