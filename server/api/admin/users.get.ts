// GET /api/admin/users — every account (admin only; 404 for anyone else and in single mode).
import { defineApiHandler } from '../../core/http/define-api-handler'
import { useAuthContext } from '../../core/auth/auth-context'
import { requireAccountsMode } from '../../core/auth/auth-routes'
import { requireAdmin } from '../../core/auth/request-account'

export default defineApiHandler((event) => {
  requireAccountsMode(event)
  requireAdmin(event)
  return useAuthContext().service.listUsers()
})
