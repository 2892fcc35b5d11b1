// Housekeeping outside any request: deletes uploads never attached to a message once they are older
// than the configured age, with their blobs when no other upload shares them, on an unref'd timer.
// It never touches an attached upload (thread deletion releases those).
import { deleteUnusedBlobs } from '../services/upload-service'
import type { UploadServices } from './upload-services'

/** One sweep: deletes orphans created before `cutoff`. Returns how many. */
export async function sweepOrphanUploads(uploads: UploadServices, cutoff: number): Promise<number> {
  const removed = await uploads.index.systemDeleteOrphans(cutoff)
  await deleteUnusedBlobs(uploads, removed)
  return removed.length
}

/** Sweeps every `intervalMs`. Returns the stop function. */
export function startUploadSweep(
  uploads: UploadServices,
  options: { maxAgeMs: number; intervalMs: number; onError?: (error: unknown) => void },
): () => void {
  const timer = setInterval(() => {
    sweepOrphanUploads(uploads, Date.now() - options.maxAgeMs).catch(error => options.onError?.(error))
  }, options.intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
