// The `web_search` tool as a factory: queries a SearXNG-compatible JSON endpoint with a per-user rate limit
// and its own timeout, and returns titles, URLs and snippets. It does not fetch or read the result pages.
import { z } from 'zod'
import { defineServerTool, type ServerTool, type ToolAvailability } from '../define-server-tool'
import { SlidingWindowRateLimiter } from './sliding-window-rate-limiter'

/** Where and how often to search. An empty `searxngUrl` means no backend: the tool is unavailable. */
export interface WebSearchSettings {
  searxngUrl: string
  /** Searches per user per minute. */
  maxPerMinute: number
  /** Time the backend has to answer. */
  timeoutMs: number
}

/** Reads NUXT_SEARCH_SEARXNG_URL, NUXT_SEARCH_MAX_PER_MINUTE (10) and NUXT_SEARCH_TIMEOUT_MS (5000). */
export function webSearchSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): WebSearchSettings {
  const positive = (value: string | undefined, fallback: number) => {
    const number = Number(value)
    return value && Number.isFinite(number) && number > 0 ? number : fallback
  }
  return {
    searxngUrl: env.NUXT_SEARCH_SEARXNG_URL?.trim() ?? '',
    maxPerMinute: positive(env.NUXT_SEARCH_MAX_PER_MINUTE, 10),
    timeoutMs: positive(env.NUXT_SEARCH_TIMEOUT_MS, 5000),
  }
}

const searxngResponseSchema = z.object({
  results: z.array(z.object({ title: z.string().optional(), url: z.string(), content: z.string().optional() })),
})

function availabilityOf(searxngUrl: string): ToolAvailability {
  if (searxngUrl === '') {
    return { available: false, reason: 'no search backend is configured; set NUXT_SEARCH_SEARXNG_URL to a SearXNG instance, e.g. http://127.0.0.1:8888' }
  }
  const url = URL.parse(searxngUrl)
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    return { available: false, reason: 'NUXT_SEARCH_SEARXNG_URL is not an http(s) URL; set it to the base URL of a SearXNG instance' }
  }
  return { available: true }
}

/** The search URL without credentials, and the headers (credentials in the URL become Basic auth). */
function searchRequest(base: string, query: string): { url: URL; headers: Record<string, string> } {
  const url = new URL(base)
  const headers: Record<string, string> = { accept: 'application/json' }
  if (url.username || url.password) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`
    url.username = ''
    url.password = ''
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/search`
  url.searchParams.set('q', query)
  url.searchParams.set('format', 'json')
  return { url, headers }
}

async function fetchResults(base: string, query: string, signal: AbortSignal, settings: WebSearchSettings, fetchImplementation: typeof fetch) {
  const { url, headers } = searchRequest(base, query)
  const deadline = AbortSignal.timeout(settings.timeoutMs)
  let response: Response
  try {
    response = await fetchImplementation(url, { signal: AbortSignal.any([signal, deadline]), headers })
    if (!response.ok) {
      const hint = response.status === 403 ? ' (is "json" listed in search.formats of its settings.yml?)' : ''
      throw new Error(`the search backend answered HTTP ${response.status}${hint}`)
    }
    const parsed = searxngResponseSchema.safeParse(await response.json().catch(() => undefined))
    if (!parsed.success) throw new Error('the search backend did not answer with SearXNG JSON ({ results: [...] })')
    return parsed.data.results
  }
  catch (error) {
    if (deadline.aborted && !signal.aborted) throw new Error(`the search backend did not answer within ${settings.timeoutMs} ms; try again later`)
    if (error instanceof TypeError) throw new Error(`the search backend at ${url.origin} cannot be reached (${error.cause instanceof Error ? error.cause.message : error.message})`)
    throw error
  }
}

/** Creates the tool; `fetch` and `now` are replaceable for tests. */
export function createWebSearchTool(settings: WebSearchSettings, options: { fetch?: typeof fetch; now?: () => number } = {}): ServerTool {
  const limiter = new SlidingWindowRateLimiter({ limit: settings.maxPerMinute, windowMs: 60_000, now: options.now })
  const fetchImplementation = options.fetch ?? fetch
  return defineServerTool({
    name: 'web_search',
    description: 'Search the web. Returns titles, URLs and short snippets of the top results; cite the URLs you use.',
    schema: z.object({
      query: z.string().trim().min(1).max(400).describe('What to search for, as you would type it into a search engine'),
      maxResults: z.number().int().min(1).max(10).default(5).describe('How many results to return (1-10, default 5)'),
    }),
    availability: () => availabilityOf(settings.searxngUrl),
    async handler({ query, maxResults }, { signal, userId }) {
      const decision = limiter.tryAcquire(userId)
      if (!decision.allowed) {
        throw new Error(`rate limit reached: at most ${settings.maxPerMinute} web searches per minute per user; try again in ${Math.ceil(decision.retryAfterMs / 1000)} s or answer with what you have`)
      }
      const results = await fetchResults(settings.searxngUrl, query, signal, settings, fetchImplementation)
      return {
        results: results.slice(0, maxResults).map(result => ({
          title: result.title ?? '',
          url: result.url,
          snippet: (result.content ?? '').slice(0, 500),
        })),
      }
    },
  })
}
