// Uploads for one user: storing a checked image (content-addressed, the same bytes once), reading it
// or its thumbnail back (404 unless it is the caller's), resolving a message's attachment ids, and
// letting go of a deleted thread's images. No HTTP here; the multipart reading is read-multipart-file.ts.
import { publicUpload, type Upload, type UploadRecord } from '#shared/types/upload'
import { createHash } from 'node:crypto'
import type { AppContext } from '../app-context'
import { badInput, notFound, unavailable } from '../http/app-error'
import { thumbnailKey, type BlobStore } from '../uploads/blob-store'
import { inspectImage } from '../uploads/inspect-image'
import { makeThumbnail, needsThumbnail, thumbnailMime } from '../uploads/make-thumbnail'
import type { ReceivedFile } from '../uploads/read-multipart-file'
import type { UploadServices } from '../uploads/upload-services'

type Context = Pick<AppContext, 'uploads' | 'config'>

/** The upload services, or 503 when none could be opened (a convex store without URL or secret). */
export function requireUploads(context: Pick<AppContext, 'uploads'>): UploadServices {
  if (!context.uploads) throw unavailable('Image uploads are not available with this store provider yet (see docs/uploads.md).')
  return context.uploads
}

/** Checks and stores a received file. */
export async function storeUpload(context: Context, userId: string, file: ReceivedFile): Promise<Upload> {
  const { index, blobs } = requireUploads(context)
  const image = await inspectImage(file.bytes, file, context.config.uploads.maxPixels)
  const sha256 = createHash('sha256').update(file.bytes).digest('hex')
  await blobs.put(sha256, file.bytes)
  const record = await index.createOrReuse({ userId, sha256, size: file.bytes.length, ...image }, Date.now())
  return publicUpload(record)
}

export interface UploadContent {
  upload: Upload
  bytes: Buffer
  mime: Upload['mime']
}

/** The caller's upload (or its thumbnail) with its bytes; 404 for an unknown or another user's id. */
export async function readUpload(context: Pick<AppContext, 'uploads'>, userId: string, uploadId: string, variant: 'original' | 'thumbnail'): Promise<UploadContent> {
  const { index, blobs } = requireUploads(context)
  const record = await index.get(userId, uploadId)
  const original = record ? await blobs.get(record.sha256) : null
  if (!record || !original) throw notFound('upload', uploadId)
  const upload = publicUpload(record)
  if (variant === 'original' || !needsThumbnail(record.mime, record.width)) return { upload, bytes: original, mime: record.mime }
  return { upload, bytes: await cachedThumbnail(blobs, record, original), mime: thumbnailMime(record.mime) }
}

async function cachedThumbnail(blobs: BlobStore, record: UploadRecord, original: Buffer): Promise<Buffer> {
  const key = thumbnailKey(record.sha256)
  const cached = await blobs.get(key)
  if (cached) return cached
  const thumbnail = await makeThumbnail(original, record.mime)
  await blobs.put(key, thumbnail)
  return thumbnail
}

/**
 * The caller's uploads for a message's attachment ids, in order. 400 for too many or repeated ids,
 * 404 for an unknown or another user's id — before anything is written.
 */
export async function resolveAttachments(context: Context, userId: string, uploadIds: readonly string[]): Promise<Upload[]> {
  if (uploadIds.length === 0) return []
  const limit = context.config.uploads.maxPerMessage
  if (uploadIds.length > limit) throw badInput(`A message can carry at most ${limit} images; this one has ${uploadIds.length}.`)
  if (new Set(uploadIds).size !== uploadIds.length) throw badInput('The same image is attached twice.')
  const { index } = requireUploads(context)
  const records = await Promise.all(uploadIds.map(id => index.get(userId, id)))
  return records.map((record, position) => {
    if (!record) throw notFound('upload', uploadIds[position]!)
    return publicUpload(record)
  })
}

/** Records that a message of `threadId` uses these uploads (they stop being orphans). */
export async function attachUploads(context: Pick<AppContext, 'uploads'>, userId: string, threadId: string, uploads: Upload[]): Promise<void> {
  if (uploads.length === 0 || !context.uploads) return
  await context.uploads.index.attach(userId, uploads.map(upload => upload.id), threadId, Date.now())
}

/** After a thread is deleted: deletes the uploads only it referenced, and their blobs when no one else has them. */
export async function releaseThreadUploads(context: Pick<AppContext, 'uploads'>, userId: string, threadId: string): Promise<number> {
  if (!context.uploads) return 0
  const released = await context.uploads.index.releaseThread(userId, threadId)
  await deleteUnusedBlobs(context.uploads, released)
  return released.length
}

/** Deletes the blobs (and thumbnails) of removed uploads that no remaining upload shares. */
export async function deleteUnusedBlobs(uploads: UploadServices, removed: UploadRecord[]): Promise<void> {
  for (const sha256 of new Set(removed.map(record => record.sha256))) {
    if (await uploads.index.systemCountBySha(sha256) > 0) continue
    await uploads.blobs.delete(sha256)
    await uploads.blobs.delete(thumbnailKey(sha256))
  }
}
