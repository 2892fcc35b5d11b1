// POST /api/admin/users/:id/disable | /enable — disabling ends the user's sessions at once and stops their
// running jobs; enabling lets them sign in again (admin only; 404 for anyone else and for other actions).
import { z } from 'zod'
import { defineApiHandler } from '../../../../core/http/define-api-handler'
import { paramsWith } from '../../../../core/http/parse-input'
import { notFound } from '../../../../core/http/app-error'
import { useAuthContext } from '../../../../core/auth/auth-context'
import { logAuthEvent, requireAccountsMode } from '../../../../core/auth/auth-routes'
import { requireAdmin } from '../../../../core/auth/request-account'

const paramsSchema = z.object({ id: z.string().min(1).max(100), action: z.string() })

export default defineApiHandler(async (event) => {
  requireAccountsMode(event)
  const admin = requireAdmin(event)
  const { id, action } = paramsWith(event, paramsSchema)
  if (action !== 'disable' && action !== 'enable') throw notFound('route', event.path)
  const user = await useAuthContext().service.setDisabled(admin, id, action === 'disable')
  logAuthEvent(event, action === 'disable' ? 'user-disabled' : 'user-enabled', { userId: id, username: user.username, by: admin.username })
  return user
})
