// The server's long-lived services (config, store, model client, live jobs, runner), built once at
// start-up by the app-context plugin and read by handlers and services. No request logic here.
import type { AppConfig } from './config/app-config'
import { createStore } from './store/create-store'
import type { Store } from './store/ports'
import { LiveJobRegistry } from './jobs/events/live-job-registry'
import { JobRunner } from './jobs/runner'
import { chatKind } from './kinds/chat/chat-kind'
import { subagentKind } from './kinds/subagent/subagent-kind'
import { createSubagentTools } from './kinds/subagent/subagent-tools'
import { workflowKind } from './kinds/workflow/workflow-kind'
import { createResultCache } from './workflows/cache/result-cache'
import { createWorkflowCatalog, type WorkflowCatalog } from './workflows/catalog/workflow-catalog'
import { sandboxLimitsFromConfig } from './workflows/sandbox/sandbox-limits-from-config'
import { createThreadTitleService } from './services/thread-title-service'
import { createJobExecutor } from './jobs/job-execution'
import { JobKindRegistry } from './jobs/kinds'
import { UserFeedHub } from './feed/user-feed-hub'
import { createLlmClient } from './llm/client'
import { createDemoFetch } from './llm/demo/demo-model'
import type { LlmClient } from './llm/types'
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import { logger } from './observability/logger'
import { defaultToolRegistry, type ToolRegistry } from './tooling/registry'
import { createUploadServices, type UploadServices } from './uploads/upload-services'
import { createModelImageSupport, type ModelImageSupport } from './llm/model-image-support'
import { TraceWriter } from './traces/trace-writer'
import { createTurnGate } from './scheduling/turn-gate'

export interface AppContext {
  config: AppConfig
  store: Store
  llm: LlmClient
  tools: ToolRegistry
  registry: LiveJobRegistry
  runner: JobRunner
  kinds: JobKindRegistry
  feed: UserFeedHub
  /** Image uploads (index and blobs that go with the store provider); null only when they cannot be opened. */
  uploads: UploadServices | null
  /** Which models take images (configuration, then the endpoint's model list). */
  imageSupport: ModelImageSupport
  /** Null when tracing is switched off (`traces.enabled`). */
  traces: TraceWriter | null
  workflows: WorkflowCatalog
}

let current: AppContext | null = null

/** Builds every service from the configuration. `store` may be given (tests). */
export function createAppContext(
  config: AppConfig, overrides: { store?: Store; llm?: LlmClient; tools?: ToolRegistry; uploads?: UploadServices | null } = {},
): AppContext {
  // One per process: model reads, round starts and committed writes share each turn's budget.
  const turnGate = createTurnGate({ budgetMs: config.jobs.turnBudgetMs })
  const store = overrides.store ?? createStore(config.store, { turnGate })
  const uploads = overrides.uploads !== undefined ? overrides.uploads : createUploadServices(config.store, config.uploads.dir)
  const tools = overrides.tools ?? defaultToolRegistry
  const llm = overrides.llm ?? createLlmClient({
    baseUrl: config.llm.demo ? 'http://demo.errand.invalid/v1' : config.llm.baseUrl,
    apiKey: config.llm.apiKey,
    idleTimeoutMs: config.llm.idleTimeoutMs,
    limits: { maxResponseCharacters: config.llm.maxResponseCharacters },
    turnGate,
    ...(config.llm.demo ? { fetch: createDemoFetch({ tokensPerSecond: config.llm.demoTokensPerSecond }) } : {}),
  })
  const { jobs } = config
  const registry = new LiveJobRegistry({
    replayBufferSize: jobs.replayBufferSize,
    viewerQueueSize: jobs.viewerQueueSize,
    maxReplayBytes: jobs.maxReplayBytes,
    viewerStallMs: jobs.viewerStallMs,
    fanoutMode: jobs.fanoutMode,
    fanoutMaxPendingDeltas: jobs.fanoutMaxPendingDeltas,
    fanoutIntervalMs: jobs.fanoutIntervalMs,
    fanoutMaxWindowMs: jobs.fanoutMaxWindowMs,
    fanoutCostFactor: jobs.fanoutCostFactor,
    pingIntervalMs: jobs.pingIntervalMs,
  })
  const instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`
  const traces = config.traces.enabled
    ? new TraceWriter({
        store,
        intervalMs: config.traces.flushIntervalMs,
        onError: error => logger.warn('trace write failed', { error: error instanceof Error ? error.message : String(error) }),
      })
    : null
  const kinds = new JobKindRegistry()
  const agentDeps = {
    store,
    llm,
    tools,
    logger,
    images: uploads,
    limits: {
      maxRounds: config.tools.maxRounds,
      maxToolsPerRound: config.tools.maxToolsPerRound,
      concurrency: config.tools.concurrency,
      toolTimeoutMs: config.tools.timeoutMs,
      maxResultBytes: config.tools.maxResultBytes,
    },
    retry: { attempts: config.llm.retryAttempts, baseDelayMs: config.llm.retryBaseDelayMs },
  }
  const traceDeps = { traces: traces ? { writer: traces, maxFieldBytes: config.traces.maxFieldBytes } : null }
  kinds.register(chatKind({
    ...agentDeps,
    ...traceDeps,
    ...(config.llm.generateTitles && !config.llm.demo ? { titles: createThreadTitleService({ store, llm, logger }) } : {}),
  }))
  kinds.register(subagentKind({ ...agentDeps, ...traceDeps }, { max: config.subagents.maxConcurrent, perUser: config.subagents.maxConcurrentPerUser }))
  const sandboxLimits = sandboxLimitsFromConfig(config.workflows)
  const workflows = createWorkflowCatalog({ limits: sandboxLimits, logger, dirs: config.workflows.dirs })
  void workflows.list()
  kinds.register(workflowKind({ ...agentDeps, ...traceDeps }, {
    sources: workflows,
    cache: createResultCache({ size: config.workflows.cacheSize, durable: store }),
    limits: sandboxLimits,
    models: config.llm.models,
    maxConcurrent: config.workflows.maxConcurrent,
  }))
  const runner = new JobRunner({
    store,
    registry,
    instanceId,
    leaseMs: jobs.leaseMs,
    heartbeatMs: jobs.heartbeatMs,
    onLeaseLost: jobId => logger.warn('job lease taken by another instance; stopped here', { jobId }),
    maxConcurrent: jobs.maxConcurrent,
    maxConcurrentChildren: jobs.maxConcurrentChildren,
    kindConcurrency: kind => kinds.get(kind)?.concurrency,
    maxConcurrentPerUser: jobs.maxConcurrentPerUser,
    jobTimeoutMs: jobs.jobTimeoutMs,
    work: createJobExecutor({
      store,
      kinds,
      logger,
      owner: instanceId,
      storeFlush: { intervalMs: jobs.storeFlushIntervalMs, maxChunks: jobs.storeFlushChunks, maxBytes: jobs.storeFlushBytes },
    }),
    onUnexpectedError: (job, error) => logger.error('job failed unexpectedly', {
      jobId: job.id, error: error instanceof Error ? error.message : String(error),
    }),
  })
  const feed = new UserFeedHub({
    store,
    pollIntervalMs: config.events.pollIntervalMs,
    maxConnectionsPerUser: config.events.maxConnectionsPerUser,
    viewerQueueSize: jobs.viewerQueueSize,
    pingIntervalMs: jobs.pingIntervalMs,
    onError: error => logger.warn('live feed poll failed', { error: error instanceof Error ? error.message : String(error) }),
  })
  // The sub-agent tools need the runner; the registry is process-wide, so they are added once.
  if (!tools.getTool('spawn_subagent')) for (const tool of createSubagentTools({ store, runner, tools, config })) tools.registerTool(tool)
  const imageSupport = createModelImageSupport({
    textOnlyModels: config.llm.textOnlyModels, baseUrl: config.llm.demo ? null : config.llm.baseUrl, apiKey: config.llm.apiKey,
  })
  return { config, store, llm, tools, registry, runner, kinds, feed, uploads, imageSupport, traces, workflows }
}

/** Installs the context for this process (the plugin does this once). */
export function setAppContext(context: AppContext | null): void {
  current = context
}

/** The running server's context. */
export function useAppContext(): AppContext {
  if (!current) throw new Error('Errand is not initialised: the app-context plugin has not run.')
  return current
}
