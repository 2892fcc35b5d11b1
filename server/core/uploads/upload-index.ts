// The port for upload metadata: who owns which upload, its blob key (SHA-256) and which threads
// reference it. Providers: memory-upload-index.ts, sqlite-upload-index.ts. It never holds the bytes
// (see blob-store.ts) and never decides limits or types.
import type { UploadRecord } from '#shared/types/upload'

/** What a new upload records; ids, times and references are the index's. */
export type NewUpload = Pick<UploadRecord, 'userId' | 'sha256' | 'mime' | 'size' | 'width' | 'height'>

export interface UploadIndex {
  /** The user's upload of these bytes: the existing one with the same SHA-256, or a new orphan. */
  createOrReuse(input: NewUpload, now: number): Promise<UploadRecord>
  /** The user's upload, or null (unknown or another user's: indistinguishable). */
  get(userId: string, uploadId: string): Promise<UploadRecord | null>
  /** Records that a message in `threadId` references the user's uploads `uploadIds` (sets attachedAt once). */
  attach(userId: string, uploadIds: string[], threadId: string, now: number): Promise<void>
  /**
   * The thread is gone: removes it from the user's uploads' references and deletes the uploads that
   * were attached and no longer have any. Returns the deleted records.
   */
  releaseThread(userId: string, threadId: string): Promise<UploadRecord[]>
  /** Housekeeping: deletes uploads never attached and created before `cutoff`. Returns them. */
  systemDeleteOrphans(cutoff: number): Promise<UploadRecord[]>
  /** Housekeeping: how many uploads (of any user) use the blob `sha256`. */
  systemCountBySha(sha256: string): Promise<number>
  close(): Promise<void>
}
