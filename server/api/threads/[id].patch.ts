// PATCH /api/threads/:id — renames the thread or changes which tools it has switched off.
import { idParamSchema, patchThreadBodySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../utils/http/define-api-handler'
import { paramsWith, readBodyWith } from '../../utils/http/parse-input'
import { resolveUserId } from '../../utils/http/resolve-user'
import { useAppContext } from '../../utils/app-context'
import { updateThread } from '../../utils/services/thread-service'

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const body = await readBodyWith(event, patchThreadBodySchema)
  return updateThread(useAppContext(), resolveUserId(event), id, body)
})
