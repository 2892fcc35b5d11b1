// GET /api/health — liveness plus a few counts; says nothing secret.
import { defineApiHandler } from '../core/http/define-api-handler'
import { useAppContext } from '../core/app-context'

export default defineApiHandler(() => {
  const { config, store, runner, registry } = useAppContext()
  return {
    status: 'ok',
    store: store.provider,
    demo: config.llm.demo,
    jobs: { ...runner.stats, live: registry.size, viewers: registry.viewerCount },
  }
})
