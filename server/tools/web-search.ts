// Built-in tool `web_search`, configured from the environment (NUXT_SEARCH_SEARXNG_URL and friends). Without
// a backend the tool reports itself unavailable and is not registered. The logic is in web-search-tool.ts.
import { createWebSearchTool, webSearchSettingsFromEnvironment } from '../core/tooling/builtin/web-search-tool'

export default createWebSearchTool(webSearchSettingsFromEnvironment())
