// GET /api/health — liveness plus a few counts; says nothing secret.
import { defineApiHandler } from '../utils/http/define-api-handler'
import { useAppContext } from '../utils/app-context'

export default defineApiHandler(() => {
  const { config, store, runner, registry } = useAppContext()
  return {
    status: 'ok',
    store: store.provider,
    demo: config.llm.demo,
    jobs: { ...runner.stats, live: registry.size, viewers: registry.viewerCount },
  }
})
