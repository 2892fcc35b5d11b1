// GET /api/models — the models the picker offers, the default, and whether the demo model answers.
import type { ModelsResult } from '#shared/schemas/api'
import { defineApiHandler } from '../core/http/define-api-handler'
import { useAppContext } from '../core/app-context'

export default defineApiHandler((): ModelsResult => {
  const { llm } = useAppContext().config
  return { models: llm.models, defaultModel: llm.model, demo: llm.demo }
})
