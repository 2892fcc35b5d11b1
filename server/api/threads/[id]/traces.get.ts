// GET /api/threads/:id/traces?cursor=&limit=&turn= — a page of the thread's traces, { traces, next_cursor }.
import { idParamSchema, listTracesQuerySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith, queryWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { listThreadTraces } from '../../../core/services/trace-service'

export default defineApiHandler((event) => {
  const { id } = paramsWith(event, idParamSchema)
  return listThreadTraces(useAppContext(), resolveUserId(event), id, queryWith(event, listTracesQuerySchema))
})
