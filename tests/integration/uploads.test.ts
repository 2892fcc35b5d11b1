// Image uploads against the built server with a real SQLite store and blob folder: each allowed type,
// every refusal (renamed executable, oversized streaming body, decompression bomb, truncated image),
// ownership, the image part in the model request, storage by content, and cleanup of orphans only.
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { imageSize } from 'image-size'
import type { Message } from '#shared/types/thread'
import type { PostMessageResult } from '#shared/schemas/api'
import { startChatFixture, type ChatFixture } from './support/chat-fixture'
import { startErrandServer, type ErrandServer } from './support/errand-server'
import { blobFiles, uploadFile } from './support/upload-client'
import {
  decompressionBombPng, executableBytes, gifImage, jpegImage, pngImage, truncatedJpeg, webpImage,
} from '../fixtures/images/test-images'

let fixture: ChatFixture
const url = () => fixture.server.url
const uploadsDir = () => join(fixture.server.dataDir, 'uploads')

beforeAll(async () => {
  fixture = await startChatFixture({ NUXT_DEBUG_ENDPOINTS: 'true', NUXT_LLM_TEXT_ONLY_MODELS: 'mock/markdown' })
})
afterAll(async () => { await fixture?.close() })

async function post(threadId: string, body: unknown, user?: string) {
  return fixture.server.api<PostMessageResult & { message?: string }>(`/api/threads/${threadId}/messages`, { method: 'POST', body, ...(user ? { user } : {}) })
}

/** Streams a multipart body of `totalBytes` without Content-Length; resolves with the answer and how much was written. */
function streamHugeUpload(serverUrl: string, totalBytes: number): Promise<{ status: number; body: string; written: number }> {
  const boundary = 'errand-test-boundary'
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`)
  const filler = Buffer.alloc(64 * 1024, 0x41)
  return new Promise((resolve, reject) => {
    let written = 0
    let answered = false
    const req = request(`${serverUrl}/api/uploads`, {
      method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked', accept: 'application/json', origin: serverUrl },
    }, (response) => {
      answered = true
      let body = ''
      response.on('data', (chunk: Buffer) => { body += chunk.toString() })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, written }))
      response.on('error', () => resolve({ status: response.statusCode ?? 0, body, written }))
    })
    req.on('error', (error) => { if (!answered) reject(error) })
    req.write(head)
    const pump = () => {
      while (!answered && written < totalBytes) {
        written += filler.length
        if (!req.write(filler)) return void req.once('drain', pump)
      }
      if (!answered) req.end()
    }
    pump()
  })
}

describe('uploading images', () => {
  it('accepts png, jpeg, gif and webp, answering their sniffed type, size and dimensions, and serves them back', async () => {
    const files = [
      { bytes: await pngImage(64, 48), name: 'a.png', type: 'image/png', width: 64, height: 48 },
      { bytes: await jpegImage(40, 30), name: 'b.jpg', type: 'image/jpeg', width: 40, height: 30 },
      { bytes: await gifImage(16, 12), name: 'c.gif', type: 'image/gif', width: 16, height: 12 },
      { bytes: webpImage(), name: 'd.webp', type: 'image/webp', width: 1, height: 1 },
    ]
    for (const file of files) {
      const { status, body } = await uploadFile(url(), file.bytes, file.name, file.type)
      expect(status, file.name).toBe(201)
      expect(body).toEqual({ id: expect.any(String), mime: file.type, size: file.bytes.length, width: file.width, height: file.height })
      const response = await fetch(`${url()}/api/uploads/${body.id as string}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe(file.type)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="image-[\w-]+\.\w+"$/)
      expect(response.headers.get('cache-control')).toContain('private')
      expect(Buffer.from(await response.arrayBuffer()).equals(file.bytes)).toBe(true)
    }
  })

  it('serves a thumbnail at most 600 px wide with the aspect kept', async () => {
    const { body } = await uploadFile(url(), await pngImage(1200, 900), 'wide.png', 'image/png')
    const response = await fetch(`${url()}/api/uploads/${body.id as string}?variant=thumbnail`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(imageSize(new Uint8Array(await response.arrayBuffer()))).toMatchObject({ width: 600, height: 450 })
  })

  it('refuses a renamed executable, a decompression bomb and a truncated image with a readable reason', async () => {
    const exe = await uploadFile(url(), executableBytes(), 'holiday.png', 'image/png')
    expect(exe.status).toBe(415)
    expect(exe.body.message).toMatch(/'holiday\.png' is not an allowed image/)
    const bomb = await uploadFile(url(), decompressionBombPng(), 'bomb.png', 'image/png')
    expect(bomb.status).toBe(413)
    expect(bomb.body.message).toMatch(/100000×100000 pixels; the limit is/)
    const cut = await uploadFile(url(), await truncatedJpeg(), 'cut.jpg', 'image/jpeg')
    expect(cut.status).toBe(422)
    expect(cut.body.message).toMatch(/truncated/)
  })

  it('refuses a 200 MB body at the limit while it streams in, with flat server memory', async () => {
    const memory = async () => ((await fixture.server.api<{ memory: { rss: number } }>('/api/_debug/state')).body.memory.rss)
    const before = await memory()
    const answer = await streamHugeUpload(url(), 200 * 1024 * 1024)
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).message).toMatch(/larger than the upload limit of 20 MB/)
    // The server stopped reading long before the client had written it all.
    expect(answer.written).toBeLessThan(100 * 1024 * 1024)
    expect(await memory() - before).toBeLessThan(80 * 1024 * 1024)
  })

  it('refuses a body whose declared length is over the limit before reading any of it', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${url()}/api/uploads`, {
        method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(200 * 1024 * 1024), origin: url() },
      }, (response) => {
        let body = ''
        response.on('data', (chunk: Buffer) => { body += chunk.toString() })
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      // Only the first bytes are sent: the answer must come without the rest.
      req.write('--x\r\n')
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).message).toMatch(/larger than the upload limit/)
  })

  it('stores the same image once, even for two users, and gives each user their own upload', async () => {
    const bytes = await pngImage(33, 33)
    const first = await uploadFile(url(), bytes, 'same.png', 'image/png', 'dup-alice')
    const again = await uploadFile(url(), bytes, 'same-again.png', 'image/png', 'dup-alice')
    const bobs = await uploadFile(url(), bytes, 'same.png', 'image/png', 'dup-bob')
    expect(again.body.id).toBe(first.body.id)
    expect(bobs.body.id).not.toBe(first.body.id)
    const { createHash } = await import('node:crypto')
    const sha = createHash('sha256').update(bytes).digest('hex')
    expect(blobFiles(uploadsDir()).filter(name => name === sha)).toHaveLength(1)
  })

  it('answers 404 for another user\'s upload, and refuses to attach it without writing anything', async () => {
    const { body } = await uploadFile(url(), await pngImage(20, 20), 'mine.png', 'image/png', 'owner-alice')
    const foreign = await fetch(`${url()}/api/uploads/${body.id as string}`, { headers: { 'x-errand-user': 'intruder-bob' } })
    expect(foreign.status).toBe(404)
    const thumbnail = await fetch(`${url()}/api/uploads/${body.id as string}?variant=thumbnail`, { headers: { 'x-errand-user': 'intruder-bob' } })
    expect(thumbnail.status).toBe(404)
    const thread = await fixture.newThread('intruder-bob')
    const attempt = await post(thread.id, { content: 'look', model: 'mock/hello', attachments: [body.id] }, 'intruder-bob')
    expect(attempt.status).toBe(404)
    const unknown = await post(thread.id, { content: 'look', model: 'mock/hello', attachments: ['no-such-upload'] }, 'intruder-bob')
    expect(unknown.status).toBe(404)
    expect((await fixture.server.api<Message[]>(`/api/threads/${thread.id}/messages`, { user: 'intruder-bob' })).body).toEqual([])
  })
})

describe('sending images to the model', () => {
  it('puts the image into the model request as a data-URI image part and keeps it on the message', async () => {
    const bytes = await jpegImage(50, 40)
    const { body: upload } = await uploadFile(url(), bytes, 'photo.jpg', 'image/jpeg')
    const thread = await fixture.newThread()
    fixture.mock.reset()
    const sent = await post(thread.id, { content: 'What is in this picture?', model: 'mock/hello', attachments: [upload.id] })
    expect(sent.status).toBe(202)
    expect((await fixture.waitForJob(sent.body.jobId)).status).toBe('complete')
    const userTurn = (fixture.mock.requests.at(-1)!.body as { messages: Array<{ role: string; content: unknown }> }).messages.at(-1)!
    expect(userTurn).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${bytes.toString('base64')}` } },
      ],
    })
    const messages = (await fixture.server.api<Message[]>(`/api/threads/${thread.id}/messages`)).body
    expect(messages[0]!.attachments).toEqual([upload])
  })

  it('accepts an image with no text, and refuses images for a text-only model before any request', async () => {
    const { body: upload } = await uploadFile(url(), await pngImage(10, 10), 'p.png', 'image/png')
    const thread = await fixture.newThread()
    const imageOnly = await post(thread.id, { content: '', model: 'mock/hello', attachments: [upload.id] })
    expect(imageOnly.status).toBe(202)
    await fixture.waitForJob(imageOnly.body.jobId)
    const other = await fixture.newThread()
    fixture.mock.reset()
    const refused = await post(other.id, { content: 'Describe', model: 'mock/markdown', attachments: [upload.id] })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toMatch(/'mock\/markdown' does not accept images/)
    expect(fixture.mock.requests).toHaveLength(0)
    expect((await fixture.server.api<Message[]>(`/api/threads/${other.id}/messages`)).body).toEqual([])
  })

  it('refuses images for a model the endpoint\'s model list says takes text only', async () => {
    const { body: upload } = await uploadFile(url(), await pngImage(10, 10), 'q.png', 'image/png')
    const thread = await fixture.newThread()
    fixture.mock.reset()
    const refused = await post(thread.id, { content: 'Describe', model: 'mock/text-only', attachments: [upload.id] })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toMatch(/'mock\/text-only' does not accept images/)
    expect(fixture.mock.requests).toHaveLength(0)
    const textOnly = await post(thread.id, { content: 'Just words', model: 'mock/text-only' })
    expect(textOnly.status).toBe(202)
  })
})

describe('cleanup', () => {
  let server: ErrandServer
  beforeAll(async () => {
    server = await startErrandServer({
      env: { NUXT_UPLOADS_ORPHAN_MAX_AGE_MS: '1500', NUXT_UPLOADS_SWEEP_INTERVAL_MS: '200' },
    })
  })
  afterAll(async () => { await server?.stop() })

  const status = async (id: unknown) => (await fetch(`${server.url}/api/uploads/${id as string}`)).status
  const until = async (condition: () => Promise<boolean>) => {
    const deadline = Date.now() + 15_000
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not reached before the deadline')
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }

  it('removes uploads never attached, keeps attached ones, and deleting a thread removes only the images no other thread uses', async () => {
    const orphan = (await uploadFile(server.url, await pngImage(11, 11), 'orphan.png', 'image/png')).body
    const onlyFirst = (await uploadFile(server.url, await pngImage(12, 12), 'first.png', 'image/png')).body
    const shared = (await uploadFile(server.url, await pngImage(13, 13), 'shared.png', 'image/png')).body
    const newThread = async () => (await server.api<{ id: string }>('/api/threads', { method: 'POST', body: {} })).body.id
    const [first, second] = [await newThread(), await newThread()]
    const send = (threadId: string, attachments: unknown[]) => server.api<PostMessageResult>(`/api/threads/${threadId}/messages`, {
      method: 'POST', body: { content: 'see', attachments },
    })
    expect((await send(first, [onlyFirst.id, shared.id])).status).toBe(202)
    expect((await send(second, [shared.id])).status).toBe(202)

    await until(async () => await status(orphan.id) === 404)
    expect(await status(onlyFirst.id)).toBe(200)
    expect(await status(shared.id)).toBe(200)
    expect(blobFiles(join(server.dataDir, 'uploads'))).toHaveLength(2)

    await until(async () => (await server.api<Array<{ activeJobId: string | null }>>('/api/threads')).body.every(thread => thread.activeJobId === null))
    expect((await server.api(`/api/threads/${first}`, { method: 'DELETE' })).status).toBe(204)
    expect(await status(onlyFirst.id)).toBe(404)
    expect(await status(shared.id)).toBe(200)
    expect(blobFiles(join(server.dataDir, 'uploads'))).toHaveLength(1)
  })
})
