// A SearXNG-compatible search backend on loopback that counts its requests: the "tool's own call
// counter" for tests that must prove a completed web_search call never ran twice.
import { createServer, type Server } from 'node:http'

export interface SearchStub {
  url: string
  calls: string[]
  close: () => Promise<void>
}

export async function startSearchStub(): Promise<SearchStub> {
  const calls: string[] = []
  const server: Server = createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://stub').searchParams.get('q') ?? ''
    calls.push(query)
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ results: [{ title: `About ${query}`, url: 'https://example.invalid/result', content: 'A result.' }] }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
