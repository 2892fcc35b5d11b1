// Opens the upload index and blob store that go with the configured store provider: memory → memory
// index, sqlite → the uploads table in the same database file; blobs on the filesystem. With the convex
// provider uploads are not available yet (null), and the upload routes answer 503.
import type { StoreConfig } from '../store/create-store'
import type { BlobStore } from './blob-store'
import { createFilesystemBlobStore } from './filesystem-blob-store'
import { createMemoryUploadIndex } from './memory-upload-index'
import { createSqliteUploadIndex } from './sqlite-upload-index'
import type { UploadIndex } from './upload-index'

export interface UploadServices {
  index: UploadIndex
  blobs: BlobStore
}

export function createUploadServices(store: StoreConfig, uploadsDir: string): UploadServices | null {
  const blobs = createFilesystemBlobStore({ dir: uploadsDir })
  switch (store.provider) {
    case 'memory':
      return { index: createMemoryUploadIndex(), blobs }
    case 'sqlite':
      return { index: createSqliteUploadIndex({ path: store.sqlitePath }), blobs }
    default:
      return null
  }
}
