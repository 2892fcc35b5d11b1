// Uploaded images as the API returns them and as messages reference them (image parts). One definition
// for server and app. It does not say where the bytes live (see server/core/uploads) or how big they may be.
import { z } from 'zod'

/** The image types Errand accepts, decided by the file's bytes. */
export const UPLOAD_MIME_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const
export const uploadMimeSchema = z.enum(UPLOAD_MIME_TYPES)
export type UploadMime = z.infer<typeof uploadMimeSchema>

/** The answer of POST /api/uploads, and an image part of a message. */
export const uploadSchema = z.object({
  id: z.string(),
  mime: uploadMimeSchema,
  size: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
})
export type Upload = z.infer<typeof uploadSchema>

/** An upload as its index keeps it: who owns it, its blob, and which threads reference it. */
export const uploadRecordSchema = uploadSchema.extend({
  userId: z.string(),
  /** Hex SHA-256 of the bytes: the blob's key (the same bytes are stored once). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.number(),
  /** When a message first referenced it; null while it is an orphan. */
  attachedAt: z.number().nullable(),
  /** The threads with a message referencing it. */
  threadIds: z.array(z.string()),
})
export type UploadRecord = z.infer<typeof uploadRecordSchema>

/** An upload's public shape. */
export function publicUpload(record: UploadRecord): Upload {
  return { id: record.id, mime: record.mime, size: record.size, width: record.width, height: record.height }
}
