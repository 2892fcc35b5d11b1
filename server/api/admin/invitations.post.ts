// POST /api/admin/invitations — a new invitation code, valid for 7 days and one sign-up (admin only, 201).
import { setResponseStatus } from 'h3'
import type { InvitationResult } from '#shared/schemas/auth-api'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { useAuthContext } from '../../core/auth/auth-context'
import { logAuthEvent, requireAccountsMode } from '../../core/auth/auth-routes'
import { requireAdmin } from '../../core/auth/request-account'

export default defineApiHandler(async (event): Promise<InvitationResult> => {
  requireAccountsMode(event)
  const admin = requireAdmin(event)
  const invitation = await useAuthContext().service.invite(admin)
  logAuthEvent(event, 'invitation-created', { by: admin.username })
  setResponseStatus(event, 201)
  return invitation
})
