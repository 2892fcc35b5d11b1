// DELETE /api/threads/:id — stops its running job and deletes it with its messages (204).
import { setResponseStatus } from 'h3'
import { idParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { paramsWith } from '../../core/http/parse-input'
import { resolveUserId } from '../../core/auth/resolve-user'
import { useAppContext } from '../../core/app-context'
import { deleteThread } from '../../core/services/thread-service'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  await deleteThread(useAppContext(), resolveUserId(event), id)
  setResponseStatus(event, 204)
  return null
})
