// The isolation matrix over real HTTP in accounts mode: two signed-in users, and for every route file
// under server/api (found by walking the folder, so a new route without a table entry fails here) user B
// trying user A's resource gets 404, never 403, and A's data stays as it was.
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ISOLATION_ROUTES, type OwnedResources } from './isolation-routes'
import { signedIn, startAccountsServer, waitForOwnJob, type SignedInClient } from './support/accounts-client'
import { uploadForm } from './support/upload-client'
import { pngImage } from '../fixtures/images/test-images'

const apiDir = fileURLToPath(new URL('../../server/api/', import.meta.url))

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? routeFiles(path) : [relative(apiDir, path).split('\\').join('/')]
  })
}

let env: Awaited<ReturnType<typeof startAccountsServer>>
let alice: SignedInClient
let bob: SignedInClient
let owned: OwnedResources

/** An image uploaded by `client` (multipart, with its session cookie). */
async function uploadAs(client: SignedInClient): Promise<string> {
  const response = await fetch(`${env.server.url}/api/uploads`, {
    method: 'POST', body: uploadForm(await pngImage(8, 8), 'mine.png', 'image/png'),
    headers: { accept: 'application/json', origin: env.server.url, cookie: client.cookie },
  })
  expect(response.status).toBe(201)
  return ((await response.json()) as { id: string }).id
}

beforeAll(async () => {
  env = await startAccountsServer()
  alice = await signedIn(env.server, 'alice')
  bob = await signedIn(env.server, 'bob')
  const thread = await alice.request<{ id: string }>('/api/threads', { method: 'POST', body: {} })
  // The turn hands two tasks to sub-agents (mock scenario spawn-two), so sub-agent routes have A's ids too.
  const posted = await alice.request<{ jobId: string; userMessageId: string; assistantMessageId: string }>(`/api/threads/${thread.body.id}/messages`, { method: 'POST', body: { content: '[[scenario:spawn-two]] hi' } })
  expect(posted.status).toBe(202)
  await waitForOwnJob(alice, posted.body.jobId)
  const subagents = await alice.request<Array<{ id: string }>>(`/api/subagents?threadId=${thread.body.id}`)
  expect(subagents.body).toHaveLength(2)
  owned = {
    threadId: thread.body.id, jobId: posted.body.jobId, userId: alice.userId,
    userMessageId: posted.body.userMessageId, assistantMessageId: posted.body.assistantMessageId, subagentId: subagents.body[0]!.id,
    uploadId: await uploadAs(alice),
  }
}, 60_000)

afterAll(async () => {
  await env?.close()
})

describe('isolation matrix', () => {
  it('has an entry for every route file, and none for a file that is gone', () => {
    const files = routeFiles(apiDir).sort()
    expect(files.filter(file => !(file in ISOLATION_ROUTES))).toEqual([])
    expect(Object.keys(ISOLATION_ROUTES).filter(key => !files.includes(key))).toEqual([])
  })

  for (const [file, entry] of Object.entries(ISOLATION_ROUTES)) {
    if (entry.kind === 'no-user-data') continue
    it(`${file}: user B cannot reach user A's data`, async () => {
      if (entry.kind === 'own-list') {
        const answer = await bob.request(entry.path(owned))
        expect(answer.status).toBe(200)
        const text = JSON.stringify(answer.body)
        expect(text).not.toContain(owned.threadId)
        expect(text).not.toContain(owned.jobId)
        // The same request by A does list them, so the check above could fail.
        expect(JSON.stringify((await alice.request(entry.path(owned))).body)).toContain(owned.threadId)
        return
      }
      const body = entry.kind === 'foreign-id' && entry.bodyFor ? entry.bodyFor(owned) : entry.body
      const answer = await bob.request(entry.path(owned), { method: entry.method, ...(body !== undefined ? { body } : {}) })
      expect(answer.status).toBe(404)
      expect(JSON.stringify(answer.body)).not.toContain('alice')
    })
  }

  it('left everything of A\'s as it was', async () => {
    const messages = await alice.request<Array<{ role: string }>>(`/api/threads/${owned.threadId}/messages`)
    expect(messages.status).toBe(200)
    expect(messages.body).toHaveLength(2)
    const threads = await alice.request<Array<{ id: string; title: string }>>('/api/threads')
    expect(threads.body.find(thread => thread.id === owned.threadId)?.title).not.toBe('taken over')
    expect((await alice.request<{ status: string }>(`/api/jobs/${owned.jobId}/status`)).body.status).toBe('complete')
    const users = await alice.request<Array<{ username: string; disabled: boolean }>>('/api/admin/users')
    expect(users.body.every(user => !user.disabled)).toBe(true)
  })

  it('answers 401 without a session', async () => {
    const answer = await fetch(`${env.server.url}/api/threads`)
    expect(answer.status).toBe(401)
  })
})
