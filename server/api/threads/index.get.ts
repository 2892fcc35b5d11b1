// GET /api/threads — the caller's threads, newest first, each with its running job id.
import { defineApiHandler } from '../../utils/http/define-api-handler'
import { resolveUserId } from '../../utils/http/resolve-user'
import { useAppContext } from '../../utils/app-context'
import { listThreads } from '../../utils/services/thread-service'

export default defineApiHandler(event => listThreads(useAppContext(), resolveUserId(event)))
