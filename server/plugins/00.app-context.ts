// Start-up: reads the configuration, opens the store, ends jobs a dead process left behind, starts the
// retention cleanup, and on shutdown stops jobs cleanly and closes the store. Request-time code is elsewhere.
import { defineNitroPlugin, useRuntimeConfig } from '#imports'
import { createAppContext, setAppContext } from '../utils/app-context'
import { readAppConfig } from '../utils/config/app-config'
import { failInterruptedJobs, startRetentionCleanup } from '../utils/background-jobs/job-maintenance'
import { logger } from '../utils/observability/logger'
import { setJobStatsSource } from '../utils/observability/job-metrics'

export default defineNitroPlugin((nitroApp) => {
  const config = readAppConfig(useRuntimeConfig())
  const context = createAppContext(config)
  setAppContext(context)
  setJobStatsSource(() => ({ ...context.runner.stats, live: context.registry.size, viewers: context.registry.viewerCount }))
  logger.info('errand started', {
    store: context.store.provider,
    model: config.llm.model,
    demo: config.llm.demo,
    endpoint: config.llm.demo ? 'built-in demo model' : config.llm.baseUrl,
  })
  failInterruptedJobs(context.store)
    .then(count => count > 0 && logger.warn('ended jobs interrupted by a restart', { count }))
    .catch(error => logger.error('could not end interrupted jobs', { error: String(error) }))
  const stopCleanup = startRetentionCleanup(context.store, {
    retentionMs: config.jobs.retentionMs,
    intervalMs: config.jobs.cleanupIntervalMs,
    onError: error => logger.error('retention cleanup failed', { error: String(error) }),
  })
  nitroApp.hooks.hook('close', async () => {
    stopCleanup()
    await context.runner.shutdown()
    context.registry.closeAll()
    await context.store.close()
    setAppContext(null)
  })
})
