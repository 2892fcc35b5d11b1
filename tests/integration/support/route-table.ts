// The routes of the HTTP API as the file tree under server/api defines them ("GET /api/jobs/:id/status"),
// so tests that must cover every route can fail when a route is added without them.
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const apiDir = fileURLToPath(new URL('../../../server/api/', import.meta.url))

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)])
}

/** Every route, as "METHOD /api/path" with `[id]` written `:id`, sorted. */
export function apiRoutes(): string[] {
  return files(apiDir).filter(file => file.endsWith('.ts')).map((file) => {
    const path = relative(apiDir, file).replace(/\.ts$/, '')
    const match = /^(.*?)(?:\.(get|post|patch|put|delete))?$/.exec(path)!
    const method = (match[2] ?? 'all').toUpperCase()
    const route = match[1]!.replace(/\/index$|^index$/, '').replace(/\[(\w+)\]/g, ':$1')
    return `${method} /api${route ? `/${route}` : ''}`
  }).sort()
}
