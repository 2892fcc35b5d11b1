// GET /api/workflows — the workflows this server offers: [{ name, description, args, source }].
import { defineApiHandler } from '../../core/http/define-api-handler'
import { useAppContext } from '../../core/app-context'
import { listWorkflows } from '../../core/services/workflow-service'

export default defineApiHandler(() => listWorkflows(useAppContext()))
