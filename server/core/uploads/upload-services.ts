// Opens the upload index and blob store that go with the configured store provider: memory → memory
// index, sqlite → the uploads table in the same database file, both with blobs on the filesystem;
// convex → the deployment's uploads table and Convex file storage.
import { ConvexHttpClient } from 'convex/browser'
import type { StoreConfig } from '../store/create-store'
import type { BlobStore } from './blob-store'
import { createConvexBlobStore } from './convex-blob-store'
import { createConvexUploadIndex } from './convex-upload-index'
import { createFilesystemBlobStore } from './filesystem-blob-store'
import { createMemoryUploadIndex } from './memory-upload-index'
import { createSqliteUploadIndex } from './sqlite-upload-index'
import type { UploadIndex } from './upload-index'

export interface UploadServices {
  index: UploadIndex
  blobs: BlobStore
}

export function createUploadServices(store: StoreConfig, uploadsDir: string): UploadServices | null {
  switch (store.provider) {
    case 'memory':
      return { index: createMemoryUploadIndex(), blobs: createFilesystemBlobStore({ dir: uploadsDir }) }
    case 'sqlite':
      return { index: createSqliteUploadIndex({ path: store.sqlitePath }), blobs: createFilesystemBlobStore({ dir: uploadsDir }) }
    case 'convex': {
      // createStore has already refused a missing URL or secret.
      if (!store.convexUrl || !store.convexSecret) return null
      const client = new ConvexHttpClient(store.convexUrl)
      return {
        index: createConvexUploadIndex({ client, secret: store.convexSecret }),
        blobs: createConvexBlobStore({ client, secret: store.convexSecret }),
      }
    }
    default:
      return null
  }
}
