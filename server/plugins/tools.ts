// Start-up: registers every tool file of server/tools/ into the default tool registry. Requests wait
// until loading has finished; other start-up code can `await defaultToolRegistry.ready()`. No tool logic here.
import { defineNitroPlugin } from '#imports'
import { serverToolFiles } from '#errand/server-tool-files'
import { defaultToolRegistry } from '../core/tooling/registry'
import { loadToolModules } from '../core/tooling/load-tool-files'

export default defineNitroPlugin((nitroApp) => {
  const loading = loadToolModules(serverToolFiles, defaultToolRegistry)
  defaultToolRegistry.trackLoading(loading)
  const removeRequestHook = nitroApp.hooks.hook('request', async () => {
    await loading
  })
  void loading.finally(removeRequestHook)
})
