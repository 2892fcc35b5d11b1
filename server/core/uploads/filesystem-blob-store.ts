// The filesystem blob store (the default): `<dir>/<first two hex digits>/<key>`, written to a temp
// file and renamed so a reader never sees half a blob. Paths are built only from validated keys.
// It does not know owners, types or sizes.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { assertBlobKey, type BlobStore } from './blob-store'

export function createFilesystemBlobStore(options: { dir: string }): BlobStore {
  const root = resolve(options.dir)
  const pathOf = (key: string): string => {
    assertBlobKey(key)
    return join(root, key.slice(0, 2), key)
  }
  const exists = (path: string) => stat(path).then(() => true, () => false)

  return {
    async put(key, bytes) {
      const path = pathOf(key)
      if (await exists(path)) return
      await mkdir(join(root, key.slice(0, 2)), { recursive: true })
      const temporary = `${path}.${process.pid}.${crypto.randomUUID()}.tmp`
      await writeFile(temporary, bytes)
      await rename(temporary, path)
    },
    async get(key) {
      try {
        return await readFile(pathOf(key))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
  }
}
