// PATCH /api/threads/:id — renames the thread or changes which tools it has switched off.
import { idParamSchema, patchThreadBodySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { paramsWith, readBodyWith } from '../../core/http/parse-input'
import { resolveUserId } from '../../core/auth/resolve-user'
import { useAppContext } from '../../core/app-context'
import { updateThread } from '../../core/services/thread-service'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const body = await readBodyWith(event, patchThreadBodySchema)
  return updateThread(useAppContext(), resolveUserId(event), id, body)
})
