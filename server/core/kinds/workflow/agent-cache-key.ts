// The cache key of one agent step: SHA-256 of the canonical JSON (keys sorted at every level) of what
// decides its answer — prompt, model, tools, schema and input. It does not include the user (the cache
// is scoped per user by its callers) nor the step's id or phase (renaming a step keeps its result).
import { createHash } from 'node:crypto'
import type { WorkflowAgentCall } from '#shared/types/workflow'
import { canonicalJson } from '#shared/utils/canonical-json'

export function agentCacheKey(call: Pick<WorkflowAgentCall, 'prompt' | 'model' | 'tools' | 'schema' | 'input'>, model: string): string {
  const spec = { prompt: call.prompt, model, tools: [...call.tools].sort(), schema: call.schema, input: call.input ?? null }
  return createHash('sha256').update(canonicalJson(spec)).digest('hex')
}
