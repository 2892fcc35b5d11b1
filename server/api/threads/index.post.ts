// POST /api/threads — creates a thread (201).
import { setResponseStatus } from 'h3'
import { createThreadBodySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { readBodyWith } from '../../core/http/parse-input'
import { resolveUserId } from '../../core/auth/resolve-user'
import { useAppContext } from '../../core/app-context'
import { createThread } from '../../core/services/thread-service'

export default defineApiHandler(async (event) => {
  const body = await readBodyWith(event, createThreadBodySchema)
  const thread = await createThread(useAppContext(), resolveUserId(event), body.title ? { title: body.title } : {})
  setResponseStatus(event, 201)
  return thread
})
