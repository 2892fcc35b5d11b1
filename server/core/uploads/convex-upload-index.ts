// The Convex provider of the upload index: the `uploads` table through the functions of
// convex/uploads.ts, every answer validated with the shared schema. No bytes here (convex-blob-store.ts).
import { z } from 'zod'
import { uploadRecordSchema } from '#shared/types/upload'
import { api } from '../../../convex/_generated/api'
import { convexCalls, type ConvexFunctionClient } from '../store/convex/convex-client'
import type { UploadIndex } from './upload-index'

const recordsSchema = z.array(uploadRecordSchema)

export function createConvexUploadIndex(options: { client: ConvexFunctionClient; secret: string }): UploadIndex {
  const calls = convexCalls(options.client, options.secret)
  return {
    async createOrReuse(input, now) {
      return uploadRecordSchema.parse(await calls.mutation(api.uploads.createOrReuse, { ...input, uploadId: crypto.randomUUID(), now }))
    },
    async get(userId, uploadId) {
      return uploadRecordSchema.nullable().parse(await calls.query(api.uploads.get, { userId, uploadId }))
    },
    async attach(userId, uploadIds, threadId, now) {
      await calls.mutation(api.uploads.attach, { userId, uploadIds, threadId, now })
    },
    async releaseThread(userId, threadId) {
      return recordsSchema.parse(await calls.mutation(api.uploads.releaseThread, { userId, threadId }))
    },
    async systemDeleteOrphans(cutoff) {
      return recordsSchema.parse(await calls.mutation(api.uploads.deleteOrphans, { cutoff }))
    },
    async systemCountBySha(sha256) {
      return z.number().int().nonnegative().parse(await calls.query(api.uploads.countBySha, { sha256 }))
    },
    async close() {},
  }
}
