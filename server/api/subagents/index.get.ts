// GET /api/subagents?status=&threadId= — the caller's sub-agents, newest first, in their public shape.
import { listSubagentsQuerySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { queryWith } from '../../core/http/parse-input'
import { resolveUserId } from '../../core/auth/resolve-user'
import { useAppContext } from '../../core/app-context'
import { listSubagents } from '../../core/services/subagent-service'

export default defineApiHandler((event) => {
  const { status, threadId } = queryWith(event, listSubagentsQuerySchema)
  return listSubagents(useAppContext(), resolveUserId(event), { ...(status ? { status } : {}), ...(threadId ? { threadId } : {}) })
})
