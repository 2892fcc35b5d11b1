// A job harness for unit tests: memory store, live registry, kinds (chat, plus any the test adds),
// runner and a fresh tool registry around a scripted model, plus helpers to submit a turn and wait
// for its end.
import type { Job } from '#shared/types/job'
import { chatKind, type AgentKindDependencies } from '../../../server/core/kinds/chat/chat-kind'
import { createJobExecutor } from '../../../server/core/jobs/job-execution'
import { JobKindRegistry } from '../../../server/core/jobs/kinds'
import { JobRunner } from '../../../server/core/jobs/runner'
import { LiveJobRegistry } from '../../../server/core/jobs/events/live-job-registry'
import { createMemoryStore } from '../../../server/core/store/memory/memory-store'
import type { Store } from '../../../server/core/store/ports'
import type { ToolLoopLimits } from '../../../server/core/agent/limits'
import { createToolRegistry, type ToolRegistry } from '../../../server/core/tooling/registry'
import type { ScriptedLlm } from './scripted-llm'

export const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined }

export const HARNESS_INSTANCE = 'test-instance'

export interface JobHarness {
  store: Store
  runner: JobRunner
  registry: LiveJobRegistry
  kinds: JobKindRegistry
  tools: ToolRegistry
  llm: ScriptedLlm
  /** What agent kinds are built from (to register more kinds in a test). */
  agentDeps: AgentKindDependencies
  submit: (userId?: string, content?: string) => Promise<Job>
  waitForEnd: (job: Pick<Job, 'id' | 'userId'>) => Promise<Job>
}

export interface HarnessOptions {
  maxConcurrent?: number
  maxConcurrentPerUser?: number
  maxConcurrentChildren?: number
  jobTimeoutMs?: number
  leaseMs?: number
  heartbeatMs?: number
  limits?: Partial<ToolLoopLimits>
  tools?: ToolRegistry
  store?: Store
}

export function createJobHarness(llm: ScriptedLlm, options: HarnessOptions = {}): JobHarness {
  const store = options.store ?? createMemoryStore()
  const tools = options.tools ?? createToolRegistry({ logger: silentLogger })
  const registry = new LiveJobRegistry({
    replayBufferSize: 1000, viewerQueueSize: 1000, fanoutMode: 'adaptive', fanoutMaxPendingDeltas: 10, fanoutIntervalMs: 100, pingIntervalMs: 15_000,
  })
  const kinds = new JobKindRegistry()
  const agentDeps = {
    store, llm, tools, logger: silentLogger,
    limits: { maxRounds: 10, maxToolsPerRound: 20, concurrency: 4, toolTimeoutMs: 1000, ...options.limits },
    retry: { attempts: 2, baseDelayMs: 1 },
  }
  kinds.register(chatKind(agentDeps))
  const runner = new JobRunner({
    store, registry, instanceId: HARNESS_INSTANCE, leaseMs: options.leaseMs ?? 60_000,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    maxConcurrent: options.maxConcurrent ?? 10,
    maxConcurrentPerUser: options.maxConcurrentPerUser ?? 10,
    ...(options.maxConcurrentChildren ? { maxConcurrentChildren: options.maxConcurrentChildren } : {}),
    jobTimeoutMs: options.jobTimeoutMs ?? 60_000,
    kindConcurrency: kind => kinds.get(kind)?.concurrency,
    work: createJobExecutor({
      store, kinds, logger: silentLogger, owner: HARNESS_INSTANCE,
      storeFlush: { intervalMs: 5, maxChunks: 3, maxBytes: 1024 },
    }),
  })
  const submit: JobHarness['submit'] = async (userId = 'alice', content = 'hi') => {
    const thread = await store.createThread(userId, {})
    const turn = await store.createTurn(userId, { threadId: thread.id, content, model: 'mock/x', isDemo: false })
    await runner.submit(turn!.job)
    return turn!.job
  }
  const waitForEnd: JobHarness['waitForEnd'] = async (job) => {
    const deadline = Date.now() + 10_000
    for (;;) {
      const current = await store.getJob(job.userId, job.id)
      if (current && ['complete', 'error', 'aborted'].includes(current.status)) return current
      if (Date.now() > deadline) throw new Error(`job still ${current?.status}`)
      await new Promise(resolve => setTimeout(resolve, 5))
    }
  }
  return { store, runner, registry, kinds, tools, llm, agentDeps, submit, waitForEnd }
}
