// The Convex file-storage blob store (with the convex provider): bytes are POSTed to an upload URL
// from convex/uploadBlobs.ts and the stored file recorded under its blob key; reads fetch a download
// URL. Keys are checked like every blob store's; owners and types are the upload index's.
import { z } from 'zod'
import { api } from '../../../convex/_generated/api'
import { convexCalls, type ConvexFunctionClient } from '../store/convex/convex-client'
import { assertBlobKey, type BlobStore } from './blob-store'

const uploadAnswerSchema = z.object({ storageId: z.string() })

export function createConvexBlobStore(options: { client: ConvexFunctionClient; secret: string; fetch?: typeof fetch }): BlobStore {
  const calls = convexCalls(options.client, options.secret)
  const fetchBytes = options.fetch ?? globalThis.fetch
  const urlOf = async (key: string) => z.string().nullable().parse(await calls.query(api.uploadBlobs.url, { key }))

  return {
    async put(key, bytes) {
      assertBlobKey(key)
      if (await urlOf(key)) return
      const uploadUrl = z.string().url().parse(await calls.mutation(api.uploadBlobs.generateUploadUrl, {}))
      const response = await fetchBytes(uploadUrl, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) })
      if (!response.ok) throw new Error(`Convex file storage refused the upload (HTTP ${response.status}).`)
      const { storageId } = uploadAnswerSchema.parse(await response.json())
      const outcome = await calls.mutation(api.uploadBlobs.record, { key, storageId })
      if (outcome === 'invalid') throw new Error('Convex file storage answered an upload without a valid storage id.')
    },
    async get(key) {
      assertBlobKey(key)
      const url = await urlOf(key)
      if (!url) return null
      const response = await fetchBytes(url)
      if (response.status === 404) return null
      if (!response.ok) throw new Error(`Convex file storage answered HTTP ${response.status} for a blob.`)
      return Buffer.from(await response.arrayBuffer())
    },
    async delete(key) {
      assertBlobKey(key)
      await calls.mutation(api.uploadBlobs.remove, { key })
    },
  }
}
