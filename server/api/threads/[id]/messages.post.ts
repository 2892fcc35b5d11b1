// POST /api/threads/:id/messages — sends a message; the answer runs as a background job (202 with its ids).
import { setResponseStatus } from 'h3'
import { idParamSchema, postMessageBodySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../utils/http/define-api-handler'
import { paramsWith, readBodyWith } from '../../../utils/http/parse-input'
import { resolveUserId } from '../../../utils/http/resolve-user'
import { useAppContext } from '../../../utils/app-context'
import { postMessage } from '../../../utils/services/message-service'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const body = await readBodyWith(event, postMessageBodySchema)
  const result = await postMessage(useAppContext(), resolveUserId(event), id, body)
  setResponseStatus(event, 202)
  return result
})
