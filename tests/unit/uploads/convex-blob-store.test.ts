// The Convex file-storage blob store on convex-test: bytes stored once per key (a second put of the
// same key stores nothing), read back, deleted with their file. convex-test hands out placeholder
// upload and download URLs, so the HTTP side is a stand-in fetch that stores through ctx.storage.
import { describe, expect, it } from 'vitest'
import type { Id } from '../../../convex/_generated/dataModel'
import { createConvexBlobStore } from '../../../server/core/uploads/convex-blob-store'
import { makeConvexBackend, TEST_SECRET, useTestSecret } from '../store/convex-backend'

useTestSecret()
const key = 'cd'.repeat(32)

function storageFetch(backend: ReturnType<typeof makeConvexBackend>) {
  const files = new Map<string, Uint8Array>()
  let uploads = 0
  const fake = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input)
    if (init?.method === 'POST') {
      uploads += 1
      const bytes = new Uint8Array(init.body as Uint8Array)
      const storageId = await backend.run(context => context.storage.store(new Blob([bytes])))
      const downloadUrl = await backend.run(context => context.storage.getUrl(storageId as Id<'_storage'>))
      files.set(downloadUrl!, bytes)
      return Response.json({ storageId })
    }
    const bytes = files.get(url)
    return bytes ? new Response(bytes) : new Response('missing', { status: 404 })
  }) as typeof fetch
  return { fake, uploads: () => uploads }
}

describe('convex blob store', () => {
  it('stores a key once, reads it back and deletes it with its file', async () => {
    const backend = makeConvexBackend()
    const http = storageFetch(backend)
    const blobs = createConvexBlobStore({ client: backend, secret: TEST_SECRET, fetch: http.fake })
    expect(await blobs.get(key)).toBeNull()
    await blobs.put(key, Buffer.from('image bytes'))
    await blobs.put(key, Buffer.from('image bytes'))
    expect(http.uploads()).toBe(1)
    expect((await blobs.get(key))?.toString()).toBe('image bytes')
    await blobs.delete(key)
    expect(await blobs.get(key)).toBeNull()
    const stored = await backend.run(context => context.db.system.query('_storage').collect())
    expect(stored).toHaveLength(0)
  })

  it('refuses keys that are not blob keys', async () => {
    const blobs = createConvexBlobStore({ client: makeConvexBackend(), secret: TEST_SECRET })
    await expect(blobs.get('../x')).rejects.toThrow('Not a blob key')
  })
})
