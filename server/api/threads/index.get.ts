// GET /api/threads[?q=] — the caller's threads, newest first, each with its running job id; with `q`,
// only those whose title or message text contains it (case-insensitive).
import { listThreadsQuerySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { queryWith } from '../../core/http/parse-input'
import { resolveUserId } from '../../core/auth/resolve-user'
import { useAppContext } from '../../core/app-context'
import { listThreads } from '../../core/services/thread-service'

export default defineApiHandler((event) => {
  const { q } = queryWith(event, listThreadsQuerySchema)
  return listThreads(useAppContext(), resolveUserId(event), q)
})
