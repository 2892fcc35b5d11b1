// POST /api/workflows/:name/run { args, threadId? } — starts a run as a turn of the thread (a new one
// when none is given): 202 { jobId, threadId }. Unknown workflow or thread 404, invalid args 400.
import { setResponseStatus } from 'h3'
import { runWorkflowBodySchema, workflowNameParamSchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../../core/http/define-api-handler'
import { paramsWith, readBodyWith } from '../../../core/http/parse-input'
import { resolveUserId } from '../../../core/auth/resolve-user'
import { useAppContext } from '../../../core/app-context'
import { runWorkflow } from '../../../core/services/workflow-service'

export default defineApiHandler(async (event) => {
  const { name } = paramsWith(event, workflowNameParamSchema)
  const body = await readBodyWith(event, runWorkflowBodySchema)
  const result = await runWorkflow(useAppContext(), resolveUserId(event), name, body)
  setResponseStatus(event, 202)
  return result
})
