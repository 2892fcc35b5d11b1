// The upload index contract, run against the memory, SQLite and Convex (convex-test) providers: one upload per user and
// SHA-256, ownership, attaching, releasing a deleted thread's uploads, the orphan sweep and blob sharing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryUploadIndex } from '../../../server/core/uploads/memory-upload-index'
import { createSqliteUploadIndex } from '../../../server/core/uploads/sqlite-upload-index'
import { createConvexUploadIndex } from '../../../server/core/uploads/convex-upload-index'
import { makeConvexBackend, TEST_SECRET, useTestSecret } from '../store/convex-backend'
import type { NewUpload, UploadIndex } from '../../../server/core/uploads/upload-index'

const folder = mkdtempSync(join(tmpdir(), 'errand-upload-index-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
useTestSecret()

const sha = (digit: string) => digit.repeat(64)
const upload = (userId: string, digit: string): NewUpload => ({ userId, sha256: sha(digit), mime: 'image/png', size: 10, width: 2, height: 3 })

const providers: Array<[string, () => UploadIndex]> = [
  ['memory', () => createMemoryUploadIndex()],
  ['sqlite', () => createSqliteUploadIndex({ path: join(folder, `${crypto.randomUUID()}.sqlite`) })],
  ['convex', () => createConvexUploadIndex({ client: makeConvexBackend(), secret: TEST_SECRET })],
]

describe.each(providers)('%s upload index', (_name, make) => {
  let index: UploadIndex
  beforeEach(() => { index = make() })
  afterEach(async () => { await index.close() })

  it('creates an orphan upload, and gives the same user the same upload for the same bytes', async () => {
    const first = await index.createOrReuse(upload('alice', 'a'), 1000)
    expect(first).toEqual({ ...upload('alice', 'a'), id: expect.any(String), createdAt: 1000, attachedAt: null, threadIds: [] })
    expect(await index.createOrReuse(upload('alice', 'a'), 2000)).toEqual(first)
    const bobs = await index.createOrReuse(upload('bob', 'a'), 2000)
    expect(bobs.id).not.toBe(first.id)
    expect(await index.systemCountBySha(sha('a'))).toBe(2)
  })

  it('reads only the owner\'s uploads', async () => {
    const alices = await index.createOrReuse(upload('alice', 'a'), 1000)
    expect(await index.get('alice', alices.id)).toEqual(alices)
    expect(await index.get('bob', alices.id)).toBeNull()
    expect(await index.get('alice', 'no-such-id')).toBeNull()
  })

  it('attaches once per thread, keeping the first attach time, and never another user\'s upload', async () => {
    const record = await index.createOrReuse(upload('alice', 'a'), 1000)
    await index.attach('alice', [record.id], 'thread-1', 1500)
    await index.attach('alice', [record.id], 'thread-1', 1600)
    await index.attach('alice', [record.id], 'thread-2', 1700)
    await index.attach('bob', [record.id], 'thread-bob', 1800)
    expect(await index.get('alice', record.id)).toMatchObject({ attachedAt: 1500, threadIds: ['thread-1', 'thread-2'] })
  })

  it('releasing a thread deletes the uploads only it referenced, and leaves orphans and other users alone', async () => {
    const only = await index.createOrReuse(upload('alice', 'a'), 1000)
    const shared = await index.createOrReuse(upload('alice', 'b'), 1000)
    const orphan = await index.createOrReuse(upload('alice', 'c'), 1000)
    const bobs = await index.createOrReuse(upload('bob', 'd'), 1000)
    await index.attach('alice', [only.id, shared.id], 'thread-1', 1100)
    await index.attach('alice', [shared.id], 'thread-2', 1100)
    await index.attach('bob', [bobs.id], 'thread-1', 1100)
    const released = await index.releaseThread('alice', 'thread-1')
    expect(released.map(record => record.id)).toEqual([only.id])
    expect(await index.get('alice', only.id)).toBeNull()
    expect(await index.get('alice', shared.id)).toMatchObject({ threadIds: ['thread-2'] })
    expect(await index.get('alice', orphan.id)).not.toBeNull()
    expect(await index.get('bob', bobs.id)).toMatchObject({ threadIds: ['thread-1'] })
  })

  it('the sweep deletes only never-attached uploads created before the cutoff', async () => {
    const old = await index.createOrReuse(upload('alice', 'a'), 1000)
    const fresh = await index.createOrReuse(upload('alice', 'b'), 5000)
    const attached = await index.createOrReuse(upload('alice', 'c'), 1000)
    await index.attach('alice', [attached.id], 'thread-1', 1200)
    const removed = await index.systemDeleteOrphans(3000)
    expect(removed.map(record => record.id)).toEqual([old.id])
    expect(await index.get('alice', fresh.id)).not.toBeNull()
    expect(await index.get('alice', attached.id)).not.toBeNull()
    expect(await index.systemCountBySha(sha('a'))).toBe(0)
  })
})
