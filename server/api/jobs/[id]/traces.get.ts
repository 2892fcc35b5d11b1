// GET /api/jobs/:id/traces?cursor=&limit=&turn= — a page of one job's traces, { traces, next_cursor }.
import { idParamSchema, listTracesQuerySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith, queryWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { listJobTraces } from '../../../core/services/trace-service'

export default defineApiHandler((event) => {
  const { id } = paramsWith(event, idParamSchema)
  return listJobTraces(useAppContext(), resolveUserId(event), id, queryWith(event, listTracesQuerySchema))
})
