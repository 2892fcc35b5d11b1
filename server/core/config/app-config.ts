// The server's typed configuration, read once from Nuxt's runtime config (NUXT_* env overrides) and
// validated with zod. It never logs or exposes the API key; it does not decide anything at request time.
import { z } from 'zod'
import { FANOUT_MODES } from '../jobs/events/fanout-batcher'

const positiveInt = z.coerce.number().int().positive()
const nonNegativeInt = z.coerce.number().int().nonnegative()
const booleanLike = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform(v => v === 'true' || v === '1')])

const appConfigSchema = z.object({
  llm: z.object({
    baseUrl: z.string().url(),
    apiKey: z.string(),
    model: z.string().min(1),
    models: z.union([z.string(), z.array(z.string())]),
    demoTokensPerSecond: positiveInt,
    retryAttempts: positiveInt,
    retryBaseDelayMs: nonNegativeInt,
    idleTimeoutMs: positiveInt,
    /** After a thread's first exchange, ask the (real, not demo) model for a short title. */
    generateTitles: booleanLike.default(true),
    maxResponseCharacters: positiveInt,
    /** Comma-separated models that take no images (a message with images to one is refused). */
    textOnlyModels: z.union([z.string(), z.array(z.string())]).default(''),
  }),
  store: z.object({
    provider: z.enum(['sqlite', 'memory', 'convex']),
    sqlitePath: z.string().min(1),
    convexUrl: z.string().default(''),
    convexSecret: z.string().default(''),
  }),
  jobs: z.object({
    maxConcurrent: positiveInt,
    maxConcurrentPerUser: positiveInt,
    jobTimeoutMs: positiveInt,
    retentionMs: positiveInt,
    cleanupIntervalMs: positiveInt,
    replayBufferSize: positiveInt,
    viewerQueueSize: positiveInt,
    pingIntervalMs: positiveInt,
    maxMessageLength: positiveInt,
    /** adaptive (default), fixed (fanoutMaxPendingDeltas / fanoutIntervalMs) or off. */
    fanoutMode: z.enum(FANOUT_MODES),
    fanoutMaxPendingDeltas: positiveInt,
    fanoutIntervalMs: nonNegativeInt,
    fanoutMaxWindowMs: positiveInt,
    /** adaptive: the gap after a broadcast as a multiple of its CPU cost. */
    fanoutCostFactor: z.coerce.number().positive(),
    storeFlushIntervalMs: nonNegativeInt,
    storeFlushChunks: positiveInt,
    storeFlushBytes: positiveInt,
    maxActivePerUser: positiveInt,
    leaseMs: positiveInt,
    recoveryIntervalMs: positiveInt,
    maxAttempts: positiveInt,
    followPollIntervalMs: positiveInt,
    heartbeatMs: positiveInt,
    maxConcurrentChildren: positiveInt,
    abortWaitMs: nonNegativeInt,
    maxSseConnectionsPerUser: positiveInt,
    maxReplayBytes: positiveInt,
    viewerStallMs: positiveInt,
    /** Work one event-loop turn takes on before hot continuations wait for the next (turn-gate.ts); 0 is off. */
    turnBudgetMs: nonNegativeInt.default(15),
  }),
  subagents: z.object({
    maxConcurrent: positiveInt,
    maxConcurrentPerUser: positiveInt,
    maxQueuedPerUser: positiveInt,
    maxDepth: positiveInt,
    resultMaxCharacters: positiveInt,
  }),
  workflows: z.object({
    memoryLimitMb: positiveInt.default(64),
    cpuLimitMs: positiveInt.default(30_000),
    wallLimitMs: positiveInt.default(600_000),
    defaultBudget: positiveInt.default(100_000),
    maxConcurrent: positiveInt.default(3),
    cacheSize: positiveInt.default(100),
    /** Stored step results older than this are deleted by housekeeping (the next identical step runs again). */
    cacheRetentionMs: positiveInt.default(2_592_000_000),
    /** Extra folders of workflow files, colon-separated. */
    dirs: z.string().default(''),
  }).default({ memoryLimitMb: 64, cpuLimitMs: 30_000, wallLimitMs: 600_000, defaultBudget: 100_000, maxConcurrent: 3, cacheSize: 100, cacheRetentionMs: 2_592_000_000, dirs: '' }),
  events: z.object({
    maxConnectionsPerUser: positiveInt,
    pollIntervalMs: positiveInt,
  }),
  tools: z.object({
    maxRounds: positiveInt,
    maxToolsPerRound: positiveInt,
    concurrency: positiveInt,
    timeoutMs: positiveInt,
    maxResultBytes: positiveInt,
  }),
  traces: z.object({
    enabled: booleanLike,
    retentionMs: positiveInt,
    maxFieldBytes: positiveInt,
    flushIntervalMs: nonNegativeInt,
  }),
  auth: z.object({
    mode: z.enum(['single', 'accounts']),
    signup: z.enum(['invite', 'open']),
    allowRemote: booleanLike,
    /** Test suites only: lets trustUserHeader be on. The server refuses trustUserHeader without it. */
    testMode: booleanLike,
    localUserId: z.string().regex(/^[\w-]{1,64}$/),
    trustUserHeader: booleanLike,
    sessionMaxAgeSeconds: positiveInt,
  }),
  security: z.object({
    /** Comma-separated host names the server answers to (the Host header, port ignored). */
    allowedHosts: z.union([z.string(), z.array(z.string())]),
    maxJsonBytes: positiveInt,
    messagesPerMinute: positiveInt,
    uploadsPerMinute: positiveInt,
    workflowRunsPerMinute: positiveInt,
    signinAttemptsPerMinute: positiveInt,
  }),
  debug: z.object({
    endpoints: booleanLike,
  }),
  uploads: z.object({
    dir: z.string().min(1),
    maxSizeMb: z.coerce.number().positive(),
    maxPixels: positiveInt,
    maxPerMessage: positiveInt,
    orphanMaxAgeMs: positiveInt,
    sweepIntervalMs: positiveInt,
  }),
})

export type AppConfigInput = z.input<typeof appConfigSchema>

/** Validated configuration with the model list split and the demo flag derived. */
export type AppConfig = Omit<z.output<typeof appConfigSchema>, 'llm' | 'security'> & {
  llm: Omit<z.output<typeof appConfigSchema>['llm'], 'models' | 'textOnlyModels'> & { models: string[]; textOnlyModels: string[]; demo: boolean }
  security: Omit<z.output<typeof appConfigSchema>['security'], 'allowedHosts'> & { allowedHosts: string[] }
}

/** The model name shown for answers of the built-in offline demo model. */
export const DEMO_MODEL_NAME = 'errand/demo'

/**
 * Validates the runtime config. `env` supplies the fallbacks Nuxt does not map by itself
 * (OPENROUTER_API_KEY for the key). Throws a readable error naming the bad setting.
 */
export function readAppConfig(runtimeConfig: unknown, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = appConfigSchema.safeParse(runtimeConfig)
  if (!parsed.success) {
    throw new Error(`Invalid Errand configuration (see docs/configuration.md):\n${z.prettifyError(parsed.error)}`)
  }
  const { llm, security, ...rest } = parsed.data
  const apiKey = llm.apiKey || env.OPENROUTER_API_KEY || ''
  // No key means the offline demo model. Keyless endpoints (Ollama, llama.cpp) take any non-empty key.
  const demo = apiKey === ''
  const listed = nameList(llm.models)
  const models = demo ? [DEMO_MODEL_NAME] : unique([llm.model, ...listed])
  const allowedHosts = nameList(security.allowedHosts).map(name => name.toLowerCase())
  const textOnlyModels = nameList(llm.textOnlyModels)
  return {
    ...rest,
    llm: { ...llm, apiKey, models, textOnlyModels, demo, model: demo ? DEMO_MODEL_NAME : llm.model },
    security: { ...security, allowedHosts },
  }
}

function nameList(value: string | string[]): string[] {
  return (Array.isArray(value) ? value : value.split(',')).map(name => name.trim()).filter(Boolean)
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
