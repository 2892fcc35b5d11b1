// GET /api/threads/:id/messages — the thread's messages, oldest first (running answers as far as they got).
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { listMessages } from '../../../core/services/thread-service'

export default defineApiHandler((event) => {
  const { id } = paramsWith(event, idParamSchema)
  return listMessages(useAppContext(), resolveUserId(event), id)
})
