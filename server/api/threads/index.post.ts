// POST /api/threads — creates a thread (201).
import { setResponseStatus } from 'h3'
import { createThreadBodySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../utils/http/define-api-handler'
import { readBodyWith } from '../../utils/http/parse-input'
import { resolveUserId } from '../../utils/http/resolve-user'
import { useAppContext } from '../../utils/app-context'
import { createThread } from '../../utils/services/thread-service'

export default defineApiHandler(async (event) => {
  const body = await readBodyWith(event, createThreadBodySchema)
  const thread = await createThread(useAppContext(), resolveUserId(event), body.title ? { title: body.title } : {})
  setResponseStatus(event, 201)
  return thread
})
