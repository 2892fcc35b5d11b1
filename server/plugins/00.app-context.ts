// Start-up: reads the configuration, opens the store, starts recovery (resuming jobs a dead or stopped
// process left behind), the retention cleanup and the orphan-upload sweep; on shutdown pauses jobs at their last checkpoint,
// releases their leases and closes the store. Request-time code is elsewhere.
import { defineNitroPlugin, useRuntimeConfig } from '#imports'
import { createAppContext, setAppContext } from '../core/app-context'
import { readAppConfig } from '../core/config/app-config'
import { startRetentionCleanup } from '../core/jobs/durability/job-maintenance'
import { startJobRecovery } from '../core/jobs/durability/job-recovery'
import { logger } from '../core/observability/logger'
import { setJobStatsSource } from '../core/observability/job-metrics'
import { startUploadSweep } from '../core/uploads/upload-sweep'
import { warmTokenizer } from '../core/traces/prompt-segments'

export default defineNitroPlugin((nitroApp) => {
  const config = readAppConfig(useRuntimeConfig())
  const context = createAppContext(config)
  setAppContext(context)
  // Seconds of CPU once, before requests arrive, rather than a stalled stream at the first traced round.
  if (context.traces) warmTokenizer()
  setJobStatsSource(() => ({ ...context.runner.stats, live: context.registry.size, viewers: context.registry.viewerCount }))
  logger.info('errand started', {
    store: context.store.provider,
    model: config.llm.model,
    demo: config.llm.demo,
    endpoint: config.llm.demo ? 'built-in demo model' : config.llm.baseUrl,
  })
  const stopRecovery = startJobRecovery({
    store: context.store,
    runner: context.runner,
    registry: context.registry,
    leaseMs: config.jobs.leaseMs,
    maxAttempts: config.jobs.maxAttempts,
    logger,
  }, config.jobs.recoveryIntervalMs)
  const stopCleanup = startRetentionCleanup(context.store, {
    retentionMs: config.jobs.retentionMs,
    traceRetentionMs: config.traces.retentionMs,
    workflowResultRetentionMs: config.workflows.cacheRetentionMs,
    intervalMs: config.jobs.cleanupIntervalMs,
    onError: error => logger.error('retention cleanup failed', { error: String(error) }),
  })
  const stopUploadSweep = context.uploads
    ? startUploadSweep(context.uploads, {
        maxAgeMs: config.uploads.orphanMaxAgeMs,
        intervalMs: config.uploads.sweepIntervalMs,
        onError: error => logger.error('upload sweep failed', { error: String(error) }),
      })
    : () => {}
  // On SIGTERM, pause jobs and end SSE streams first: Nitro's graceful shutdown waits for open
  // connections before it runs the close hook, and a watched job would otherwise hold it up.
  let stopping: Promise<void> | null = null
  const stopJobs = () => (stopping ??= (async () => {
    stopCleanup()
    stopUploadSweep()
    stopRecovery()
    await context.runner.shutdown()
    await context.traces?.close()
    context.registry.closeAll()
    context.feed.closeAll()
  })())
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stopJobs())
  nitroApp.hooks.hook('close', async () => {
    await stopJobs()
    await context.store.close()
    await context.uploads?.index.close()
    setAppContext(null)
  })
})
