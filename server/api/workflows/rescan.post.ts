// POST /api/workflows/rescan — reads every workflow folder again; answers the new list.
import { defineApiHandler } from '../../core/http/define-api-handler'
import { resolveUserId } from '../../core/auth/resolve-user'
import { useAppContext } from '../../core/app-context'
import { rescanWorkflows } from '../../core/services/workflow-service'

export default defineApiHandler((event) => {
  resolveUserId(event)
  return rescanWorkflows(useAppContext())
})
