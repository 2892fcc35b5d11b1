// GET /api/threads/:id/messages — the thread's messages, oldest first (running answers as far as they got).
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../utils/http/define-api-handler'
import { paramsWith } from '../../../utils/http/parse-input'
import { resolveUserId } from '../../../utils/http/resolve-user'
import { useAppContext } from '../../../utils/app-context'
import { listMessages } from '../../../utils/services/thread-service'

export default defineApiHandler((event) => {
  const { id } = paramsWith(event, idParamSchema)
  return listMessages(useAppContext(), resolveUserId(event), id)
})
