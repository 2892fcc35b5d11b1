// The filesystem blob store: content-addressed files under two-digit folders, writes that keep an
// existing blob, reads of missing blobs as null, and no path from anything but a blob key.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFilesystemBlobStore } from '../../../server/core/uploads/filesystem-blob-store'

const folder = mkdtempSync(join(tmpdir(), 'errand-blobs-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
const key = 'ab'.repeat(32)

describe('filesystem blob store', () => {
  it('stores, reads back, keeps the first write and deletes', async () => {
    const blobs = createFilesystemBlobStore({ dir: join(folder, 'one') })
    await blobs.put(key, Buffer.from('first'))
    await blobs.put(key, Buffer.from('second'))
    expect((await blobs.get(key))?.toString()).toBe('first')
    expect(readdirSync(join(folder, 'one', 'ab'))).toEqual([key])
    await blobs.put(`${key}.thumb`, Buffer.from('thumb'))
    await blobs.delete(key)
    expect(await blobs.get(key)).toBeNull()
    expect((await blobs.get(`${key}.thumb`))?.toString()).toBe('thumb')
  })

  it('refuses any key that is not a SHA-256 (no path is built from it)', async () => {
    const blobs = createFilesystemBlobStore({ dir: join(folder, 'two') })
    for (const bad of ['../../etc/passwd', `${key}/../x`, 'AB'.repeat(32), `${key}.png`, '']) {
      await expect(blobs.get(bad)).rejects.toThrow('Not a blob key')
      await expect(blobs.put(bad, Buffer.from('x'))).rejects.toThrow('Not a blob key')
    }
  })
})
