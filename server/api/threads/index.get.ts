// GET /api/threads — the caller's threads, newest first, each with its running job id.
import { defineApiHandler } from '../../core/http/define-api-handler'
import { resolveUserId } from '../../core/auth/resolve-user'
import { useAppContext } from '../../core/app-context'
import { listThreads } from '../../core/services/thread-service'

export default defineApiHandler(event => listThreads(useAppContext(), resolveUserId(event)))
