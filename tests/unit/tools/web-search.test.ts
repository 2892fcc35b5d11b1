import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { createWebSearchTool, webSearchSettingsFromEnvironment, type WebSearchSettings } from '../../../server/core/tooling/builtin/web-search-tool'
import { createRecordingLogger, createToolContext } from './tool-test-helpers'

type StubHandler = (request: IncomingMessage, response: ServerResponse) => void
let handleRequest: StubHandler = () => {}
const requests: URL[] = []
let server: Server
let baseUrl = ''

const searxngAnswer = {
  query: 'nuxt',
  results: [
    { title: 'Nuxt', url: 'https://nuxt.com/', content: 'The intuitive Vue framework.', engine: 'duckduckgo' },
    { title: 'Nuxt on GitHub', url: 'https://github.com/nuxt/nuxt', content: 'x'.repeat(800) },
    { url: 'https://example.com/untitled' },
  ],
}

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(new URL(request.url ?? '/', 'http://stub'))
    handleRequest(request, response)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})

afterEach(() => {
  requests.length = 0
  handleRequest = () => {}
  vi.unstubAllEnvs()
  vi.resetModules()
})

function answerJson(body: unknown, status = 200): StubHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end(JSON.stringify(body))
  }
}

function createSearch(settings: Partial<WebSearchSettings> = {}, now?: () => number) {
  const tool = createWebSearchTool({ searxngUrl: baseUrl, maxPerMinute: 10, timeoutMs: 5000, ...settings }, { now })
  const registry = createToolRegistry({ logger: createRecordingLogger().logger })
  registry.registerTool(tool)
  const search = (args: Record<string, unknown>, userId = 'user-1') =>
    registry.executeTool('web_search', JSON.stringify(args), createToolContext({ userId }).context)
  return { tool, search }
}

describe('web_search', () => {
  it('queries the SearXNG JSON endpoint and returns titles, URLs and snippets', async () => {
    handleRequest = answerJson(searxngAnswer)
    const result = await createSearch({ searxngUrl: `${baseUrl}/searx/` }).search({ query: 'nuxt', maxResults: 2 })
    expect(result).toMatchObject({
      ok: true,
      result: { results: [
        { title: 'Nuxt', url: 'https://nuxt.com/', snippet: 'The intuitive Vue framework.' },
        { title: 'Nuxt on GitHub', url: 'https://github.com/nuxt/nuxt', snippet: 'x'.repeat(500) },
      ] },
    })
    expect(requests.map(url => [url.pathname, url.searchParams.get('q'), url.searchParams.get('format')])).toEqual([['/searx/search', 'nuxt', 'json']])
  })

  it('returns five results by default and tolerates results without title or snippet', async () => {
    handleRequest = answerJson(searxngAnswer)
    const result = await createSearch().search({ query: 'nuxt' })
    expect(result.ok && (result.result as { results: unknown[] }).results).toEqual([
      expect.objectContaining({ title: 'Nuxt' }),
      expect.objectContaining({ title: 'Nuxt on GitHub' }),
      { title: '', url: 'https://example.com/untitled', snippet: '' },
    ])
  })

  it('limits searches per user per minute and says when to retry', async () => {
    handleRequest = answerJson(searxngAnswer)
    let now = 1_000_000
    const { search } = createSearch({ maxPerMinute: 2 }, () => now)
    expect(await search({ query: 'one' })).toMatchObject({ ok: true })
    now += 10_000
    expect(await search({ query: 'two' })).toMatchObject({ ok: true })
    const limited = await search({ query: 'three' })
    expect(limited).toMatchObject({ ok: false, errorKind: 'threw' })
    expect(limited.ok === false && limited.error).toContain('rate limit reached: at most 2 web searches per minute per user; try again in 50 s')
    expect(await search({ query: 'other user' }, 'user-2')).toMatchObject({ ok: true })
    now += 50_000
    expect(await search({ query: 'four' })).toMatchObject({ ok: true })
    expect(requests.map(url => url.searchParams.get('q'))).toEqual(['one', 'two', 'other user', 'four'])
  })

  it('sends credentials of the configured URL as Basic auth, not in the URL', async () => {
    const authorizations: Array<string | undefined> = []
    handleRequest = (request, response) => {
      authorizations.push(request.headers.authorization)
      answerJson(searxngAnswer)(request, response)
    }
    const result = await createSearch({ searxngUrl: baseUrl.replace('http://', 'http://searcher:p%40ss@') }).search({ query: 'nuxt' })
    expect(result.ok).toBe(true)
    expect(authorizations).toEqual([`Basic ${Buffer.from('searcher:p@ss').toString('base64')}`])
  })

  it('explains HTTP errors, with a hint for a disabled JSON format', async () => {
    handleRequest = answerJson({ error: 'nope' }, 502)
    const failed = await createSearch().search({ query: 'x' })
    expect(failed.ok === false && failed.error).toBe("tool 'web_search' failed: the search backend answered HTTP 502")
    handleRequest = answerJson({ error: 'forbidden' }, 403)
    const forbidden = await createSearch().search({ query: 'x' })
    expect(forbidden.ok === false && forbidden.error).toContain('HTTP 403 (is "json" listed in search.formats of its settings.yml?)')
  })

  it('explains an answer that is not SearXNG JSON', async () => {
    handleRequest = (_request, response) => response.end('<html>search page</html>')
    const result = await createSearch().search({ query: 'x' })
    expect(result.ok === false && result.error).toContain('did not answer with SearXNG JSON')
  })

  it('gives up after its own timeout when the backend does not answer', async () => {
    handleRequest = () => {}
    const result = await createSearch({ timeoutMs: 150 }).search({ query: 'slow' })
    expect(result.ok === false && result.error).toBe("tool 'web_search' failed: the search backend did not answer within 150 ms; try again later")
  })

  it('explains an unreachable backend without leaking credentials', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise(resolve => closed.close(resolve))
    const result = await createSearch({ searxngUrl: `http://admin:hunter2@127.0.0.1:${port}` }).search({ query: 'x' })
    expect(result.ok === false && result.error).toContain(`the search backend at http://127.0.0.1:${port} cannot be reached`)
    expect(JSON.stringify(result)).not.toContain('hunter2')
  })

  it('validates its arguments', async () => {
    const result = await createSearch().search({ query: '', maxResults: 50 })
    expect(result).toMatchObject({ ok: false, errorKind: 'invalid_arguments' })
    expect(result.ok === false && result.error).toMatch(/at query[\s\S]*at maxResults/)
  })
})

describe('web_search configuration', () => {
  it('is unavailable without a backend and names the variable to set', () => {
    const { tool } = createSearch({ searxngUrl: '' })
    expect(tool.availability()).toEqual({ available: false, reason: expect.stringContaining('set NUXT_SEARCH_SEARXNG_URL') })
    expect(createSearch({ searxngUrl: 'ftp://files' }).tool.availability()).toEqual({ available: false, reason: expect.stringContaining('not an http(s) URL') })
    expect(createSearch().tool.availability()).toEqual({ available: true })
  })

  it('reads its settings from NUXT_SEARCH_* variables with defaults', () => {
    expect(webSearchSettingsFromEnvironment({})).toEqual({ searxngUrl: '', maxPerMinute: 10, timeoutMs: 5000 })
    expect(webSearchSettingsFromEnvironment({ NUXT_SEARCH_SEARXNG_URL: ' http://searx:8080 ', NUXT_SEARCH_MAX_PER_MINUTE: '3', NUXT_SEARCH_TIMEOUT_MS: 'soon' }))
      .toEqual({ searxngUrl: 'http://searx:8080', maxPerMinute: 3, timeoutMs: 5000 })
  })

  it('the tool file follows the environment it is loaded in', async () => {
    vi.stubEnv('NUXT_SEARCH_SEARXNG_URL', '')
    const unconfigured = (await import('../../../server/tools/web-search')).default
    expect(unconfigured.availability().available).toBe(false)
    vi.resetModules()
    vi.stubEnv('NUXT_SEARCH_SEARXNG_URL', baseUrl)
    const configured = (await import('../../../server/tools/web-search')).default
    expect(configured.availability()).toEqual({ available: true })
  })
})
