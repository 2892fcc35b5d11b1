// The progress watch of providers without change notification (memory, SQLite, Convex over plain
// HTTP): one read at once, then one read every interval after the previous read and its handler
// finished, so reads never overlap. It decides nothing about what changed; the follower does.
import type { JobProgress } from '#shared/types/job-progress'
import type { JobProgressWatch } from './ports'

/** Reads progress from a cursor (a Store's getJobProgress). */
export type ReadJobProgress = (userId: string, jobId: string, afterSeq: number) => Promise<JobProgress | null>

/** Watches by polling `read`; returns the function that stops it. */
export function pollJobProgress(read: ReadJobProgress, watch: JobProgressWatch): () => void {
  let cursor = watch.afterSeq
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null
  const tick = async (): Promise<void> => {
    timer = null
    try {
      const progress = await read(watch.userId, watch.jobId, cursor)
      if (stopped) return
      const next = await watch.onProgress(progress)
      if (progress) cursor = typeof next === 'number' ? next : progress.cursor
    }
    catch (error) {
      if (!stopped) watch.onError?.(error)
    }
    if (stopped) return
    timer = setTimeout(() => void tick(), watch.pollIntervalMs)
    timer.unref?.()
  }
  void tick()
  return () => {
    stopped = true
    if (timer !== null) clearTimeout(timer)
  }
}
