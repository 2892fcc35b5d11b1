// GET /api/tools — the server tools a user can switch on or off per thread.
import { defineApiHandler } from '../core/http/define-api-handler'
import { useAppContext } from '../core/app-context'

export default defineApiHandler(async () => {
  const { tools } = useAppContext()
  await tools.ready()
  return {
    tools: tools.listTools().filter(tool => !tool.clientOnly).map(tool => ({
      name: tool.name, description: tool.description, enabledByDefault: tool.enabledByDefault,
    })),
  }
})
