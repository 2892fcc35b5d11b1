// A job harness with the workflow kind registered: a fixed set of workflow sources, the LRU result
// cache, a model that answers by prompt, and helpers to start a workflow turn and read its state.
import type { Job } from '#shared/types/job'
import { toPublicJob } from '#shared/types/job'
import type { LlmRequest } from '../../../server/core/llm/types'
import { workflowKind } from '../../../server/core/kinds/workflow/workflow-kind'
import { createResultCache } from '../../../server/core/workflows/cache/result-cache'
import { DEFAULT_SANDBOX_LIMITS } from '../../../server/core/workflows/sandbox/sandbox-limits'
import { createJobHarness, type HarnessOptions } from '../support/job-harness'
import { scriptedLlm, text } from '../support/scripted-llm'

/** The step's own prompt (the first line of the request's user message). */
export const promptOf = (request: LlmRequest) => (request.messages.find(message => message.role === 'user')?.content ?? '').split('\n')[0]!

export type Answer = (prompt: string, request: LlmRequest, index: number) => { text: string; hold?: boolean; error?: Error }

export function workflowHarness(sources: Record<string, string>, answer: Answer, options: HarnessOptions & { maxConcurrent?: number } = {}) {
  const llm = scriptedLlm((request, index) => {
    const reply = answer(promptOf(request), request, index)
    return {
      parts: [text(reply.text), { type: 'usage', usage: { promptTokens: 10, completionTokens: 5, cachedTokens: 0, reasoningTokens: 0 } }, { type: 'finish', reason: 'stop' }],
      ...(reply.hold ? { holdAfter: 0 } : {}),
      ...(reply.error ? { error: reply.error } : {}),
    }
  })
  const harness = createJobHarness(llm, options)
  const cache = createResultCache({ size: 100 })
  const kind = workflowKind(harness.agentDeps, {
    sources: { source: async name => sources[name] ?? null },
    cache, limits: { ...DEFAULT_SANDBOX_LIMITS, cpuMs: 2000, wallMs: 20_000 }, models: ['mock/x'], maxConcurrent: options.maxConcurrent ?? 3,
  })
  harness.kinds.register(kind)
  const start = async (name: string, args: Record<string, unknown>, userId = 'alice'): Promise<Job> => {
    const thread = await harness.store.createThread(userId, {})
    const turn = await harness.store.createTurn(userId, { threadId: thread.id, content: `/${name}`, model: 'mock/x', isDemo: false, kind: 'workflow', title: name, input: { name, args } })
    await harness.runner.submit(turn!.job)
    return turn!.job
  }
  const run = async (name: string, args: Record<string, unknown>) => harness.waitForEnd(await start(name, args))
  const workflowOf = (job: Job) => toPublicJob(job).workflow
  return { ...harness, cache, start, run, workflowOf }
}
