// Nuxt configuration: modules, offline UI assets and the runtime config (every limit and endpoint
// is overridable by a NUXT_* environment variable; see docs/configuration.md).
export default defineNuxtConfig({
  compatibilityDate: '2026-11-01',
  modules: ['@nuxt/ui', 'nuxt-auth-utils'],
  // Sessions are read by our own /api/auth/me; the module's client plugins are not needed.
  auth: { loadStrategy: 'none' },
  css: ['~/assets/css/main.css'],
  devtools: { enabled: false },
  telemetry: false,
  // Offline: no web-font providers, icons served from the bundled lucide collection.
  fonts: { providers: { google: false, googleicons: false, bunny: false, fontshare: false, fontsource: false, adobe: false } },
  icon: {
    provider: 'server',
    serverBundle: { collections: ['lucide'] },
    clientBundle: { scan: true, sizeLimitKb: 512 },
    fallbackToApi: false,
  },
  typescript: { strict: true },
  runtimeConfig: {
    llm: {
      baseUrl: 'https://openrouter.ai/api/v1',
      apiKey: '',
      model: 'openai/gpt-4o-mini',
      models: 'openai/gpt-4o-mini,anthropic/claude-3.5-haiku,deepseek/deepseek-chat',
      demoTokensPerSecond: 30,
      retryAttempts: 3,
      retryBaseDelayMs: 500,
      idleTimeoutMs: 60000,
      generateTitles: true,
      // Text plus tool-call arguments one model response may stream (a runaway endpoint is cut off).
      maxResponseCharacters: 4000000,
      // Models that take no images, comma-separated (NUXT_LLM_TEXT_ONLY_MODELS).
      textOnlyModels: '',
    },
    store: {
      provider: 'sqlite',
      sqlitePath: '.data/errand.sqlite',
      convexUrl: '',
      convexSecret: '',
    },
    jobs: {
      maxConcurrent: 50,
      maxConcurrentPerUser: 5,
      jobTimeoutMs: 600000,
      retentionMs: 3600000,
      cleanupIntervalMs: 60000,
      replayBufferSize: 2000,
      viewerQueueSize: 1000,
      pingIntervalMs: 15000,
      maxMessageLength: 32000,
      fanoutMode: 'adaptive',
      fanoutMaxPendingDeltas: 10,
      fanoutIntervalMs: 100,
      fanoutMaxWindowMs: 50,
      fanoutCostFactor: 4,
      storeFlushIntervalMs: 120,
      storeFlushChunks: 16,
      storeFlushBytes: 1024,
      maxActivePerUser: 100,
      leaseMs: 15000,
      recoveryIntervalMs: 5000,
      maxAttempts: 3,
      followPollIntervalMs: 250,
      // Lease renewal and pick-up of stop requests made on other instances.
      heartbeatMs: 1000,
      maxConcurrentChildren: 50,
      // How long POST /api/jobs/:id/abort waits for a job another instance runs to end.
      abortWaitMs: 3000,
      maxSseConnectionsPerUser: 20,
      maxReplayBytes: 4194304,
      viewerStallMs: 30000,
      // Work one event-loop turn takes on before model reads, round starts and committed writes wait a turn (0: off).
      turnBudgetMs: 15,
    },
    // Background sub-agents (docs/subagents.md).
    subagents: {
      maxConcurrent: 2,
      maxConcurrentPerUser: 2,
      // Pending + running sub-agents a user may have; spawn_subagent past it answers the model an error.
      maxQueuedPerUser: 10,
      // How deep sub-agents may nest (1: a sub-agent cannot start sub-agents).
      maxDepth: 1,
      // "Continue with result" hands the model at most this much of the output.
      resultMaxCharacters: 20000,
    },
    // Workflows: sandboxed scripts of agents (docs/workflows.md).
    workflows: {
      memoryLimitMb: 64,
      cpuLimitMs: 30000,
      wallLimitMs: 600000,
      defaultBudget: 100000,
      maxConcurrent: 3,
      cacheSize: 100,
      // Stored step results are deleted this long after they were computed (30 days).
      cacheRetentionMs: 2592000000,
      // Extra folders of workflow files, colon-separated (besides .errand/workflows and ~/.errand/workflows).
      dirs: '',
    },
    // The per-user live feed (GET /api/events).
    events: {
      maxConnectionsPerUser: 10,
      pollIntervalMs: 300,
    },
    tools: {
      maxRounds: 10,
      maxToolsPerRound: 20,
      concurrency: 4,
      timeoutMs: 10000,
      maxResultBytes: 65536,
    },
    // Traces of model rounds and tool calls (docs/traces.md).
    traces: {
      enabled: true,
      retentionMs: 2592000000,
      maxFieldBytes: 4096,
      flushIntervalMs: 250,
    },
    auth: {
      // single: no sign-in, one local owner, loopback only. accounts: sign-in, one user per person (docs/security.md).
      mode: 'single',
      signup: 'invite',
      allowRemote: false,
      // Test suites only; without it the server refuses to start with trustUserHeader on.
      testMode: false,
      localUserId: 'local',
      // Test-only: take the user id from the x-errand-user header (single mode). Needs testMode too.
      trustUserHeader: false,
      sessionMaxAgeSeconds: 604800,
    },
    // Sealed-cookie sessions of nuxt-auth-utils; the secret is NUXT_SESSION_PASSWORD (32+ characters).
    session: {
      name: 'errand-session',
      password: '',
      maxAge: 604800,
      cookie: { sameSite: 'lax', secure: true, httpOnly: true },
    },
    security: {
      allowedHosts: 'localhost,127.0.0.1,[::1]',
      maxJsonBytes: 1048576,
      messagesPerMinute: 30,
      uploadsPerMinute: 30,
      workflowRunsPerMinute: 10,
      signinAttemptsPerMinute: 10,
    },
    // Benchmarks and leak tests only: serves /api/_debug/* (forced GC, per-job structure sizes). 404 when off.
    debug: {
      endpoints: false,
    },
    // Image attachments (docs/uploads.md).
    uploads: {
      dir: '.data/uploads',
      maxSizeMb: 20,
      maxPixels: 50000000,
      maxPerMessage: 8,
      // Uploads never attached to a message are deleted after this long.
      orphanMaxAgeMs: 86400000,
      sweepIntervalMs: 600000,
    },
    public: {},
  },
})
