// A tool file added to the tools folder of a test build is registered and callable with no other
// change: the project is copied, one file is dropped into server/tools/, and the copy is built and run.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '#shared/types/job'
import { startMockModelServer, type MockModelServer } from '../fixtures/mock-model-server/server.mjs'
import { startErrandServer, type ErrandServer } from './support/errand-server'

/** The tool file a user would drop in (written into the copy; kept here so the main build never sees it). */
const TOOL_FILE = `import { z } from 'zod'
import { defineServerTool } from '../core/tooling/define-server-tool'

export default defineServerTool({
  name: 'reverse_text',
  description: 'Reverses the characters of a text.',
  schema: z.object({ text: z.string().max(1000) }),
  handler: ({ text }) => ({ reversed: [...text].reverse().join('') }),
})
`

/** A second tool file, off unless a thread switches it on; it counts its runs in a file beside the build. */
const OFF_TOOL_FILE = (counterFile: string) => `import { appendFileSync } from 'node:fs'
import { z } from 'zod'
import { defineServerTool } from '../core/tooling/define-server-tool'

export default defineServerTool({
  name: 'shout_text',
  description: 'Upper-cases a text.',
  enabledByDefault: false,
  schema: z.object({ text: z.string().max(1000) }),
  handler: ({ text }) => { appendFileSync(${JSON.stringify(counterFile)}, 'x'); return { shouted: text.toUpperCase() } },
})
`

const root = fileURLToPath(new URL('../../', import.meta.url))
const fixtures = fileURLToPath(new URL('./fixtures/plugin-tool/', import.meta.url))
let copy: string
let mock: MockModelServer
let server: ErrandServer
let counterFile: string

async function runTurn(threadId: string, model: string): Promise<Job> {
  const { body: ids } = await server.api<{ jobId: string }>(`/api/threads/${threadId}/messages`, { method: 'POST', body: { content: 'go', model } })
  let job: Job | null = null
  for (let attempt = 0; attempt < 200; attempt += 1) {
    job = (await server.api<Job>(`/api/jobs/${ids.jobId}/status`)).body
    if (['complete', 'error', 'aborted'].includes(job.status)) break
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  return job!
}

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'errand-plugin-build-'))
  for (const entry of ['app', 'server', 'shared', 'modules', 'convex', 'nuxt.config.ts', 'package.json', 'tsconfig.json'].filter(name => existsSync(join(root, name)))) {
    cpSync(join(root, entry), join(copy, entry), { recursive: true })
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir')
  writeFileSync(join(copy, 'server/tools/reverse-text.ts'), TOOL_FILE)
  counterFile = join(copy, 'shout-runs.txt')
  writeFileSync(counterFile, '')
  writeFileSync(join(copy, 'server/tools/shout-text.ts'), OFF_TOOL_FILE(counterFile))
  execFileSync(process.execPath, [join(root, 'node_modules/nuxt/bin/nuxt.mjs'), 'build'], {
    cwd: copy, stdio: 'pipe', timeout: 240_000, env: { ...process.env, NODE_ENV: 'production' },
  })
  const scenarios = mkdtempSync(join(tmpdir(), 'errand-plugin-scenarios-'))
  for (const name of ['reverse.json', 'shout.json']) cpSync(join(fixtures, name), join(scenarios, name))
  mock = await startMockModelServer({ scenariosDir: scenarios })
  server = await startErrandServer({
    mockUrl: mock.url,
    entry: join(copy, '.output/server/index.mjs'),
    env: { NUXT_LLM_MODEL: 'mock/reverse', NUXT_LLM_MODELS: 'mock/reverse,mock/shout' },
  })
}, 300_000)

afterAll(async () => {
  await server?.stop()
  await mock?.close()
  if (copy) rmSync(copy, { recursive: true, force: true })
})

describe('a tool file dropped into server/tools', () => {
  it('is listed, offered to the model and executed', async () => {
    const { body: listed } = await server.api<{ tools: { name: string }[] }>('/api/tools')
    expect(listed.tools.map(tool => tool.name)).toContain('reverse_text')
    const { body: thread } = await server.api<{ id: string }>('/api/threads', { method: 'POST', body: {} })
    const { body: ids } = await server.api<{ jobId: string }>(`/api/threads/${thread.id}/messages`, { method: 'POST', body: { content: 'reverse errand' } })
    let job: Job | null = null
    for (let attempt = 0; attempt < 200; attempt += 1) {
      job = (await server.api<Job>(`/api/jobs/${ids.jobId}/status`)).body
      if (['complete', 'error', 'aborted'].includes(job.status)) break
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    expect(job).toMatchObject({ status: 'complete', content: 'Reversed: dnarre.' })
    expect(job!.toolCalls[0]).toMatchObject({ name: 'reverse_text', status: 'completed', result: { reversed: 'dnarre' } })
    const offered = (mock.requests[0]!.body as { tools: { function: { name: string } }[] }).tools.map(tool => tool.function.name)
    expect(offered).toContain('reverse_text')
  })

  it('a tool with enabledByDefault: false runs in the thread that switched it on, and only there', async () => {
    const { body: listed } = await server.api<{ tools: { name: string; enabledByDefault?: boolean }[] }>('/api/tools')
    expect(listed.tools.find(tool => tool.name === 'shout_text')).toMatchObject({ enabledByDefault: false })
    const { body: on } = await server.api<{ id: string }>('/api/threads', { method: 'POST', body: {} })
    const { body: off } = await server.api<{ id: string }>('/api/threads', { method: 'POST', body: {} })
    expect((await server.api(`/api/threads/${on.id}`, { method: 'PATCH', body: { enabledTools: ['shout_text'] } })).status).toBe(200)
    const ran = await runTurn(on.id, 'mock/shout')
    expect(ran.toolCalls[0]).toMatchObject({ name: 'shout_text', status: 'completed', result: { shouted: 'ERRAND' } })
    const refused = await runTurn(off.id, 'mock/shout')
    expect(refused.toolCalls[0]).toMatchObject({ name: 'shout_text', status: 'error', error: expect.stringMatching(/^tool 'shout_text' is not enabled here/) })
    expect(readFileSync(counterFile, 'utf8')).toBe('x')
  })
})
