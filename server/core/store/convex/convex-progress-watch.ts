// Following a job's progress on Convex without polling: a reactive subscription to `jobWatch.since`
// over the client's WebSocket (Convex re-runs the query whenever a row it read changes), re-subscribed
// from the new cursor after each change, so each update carries only what is new. Handlers run one
// at a time, in order; a result for an old cursor is dropped. Without a subscriber the provider polls.
import type { FunctionReference } from 'convex/server'
import { api } from '../../../../convex/_generated/api'
import type { JobProgressWatch } from '../ports'
import { progressFromRecord } from './convex-records'

/** What the provider needs of a subscribing Convex client (`ConvexClient` from convex/browser fits). */
export interface ConvexSubscriber {
  onUpdate(
    query: FunctionReference<'query'>, args: Record<string, unknown>, callback: (result: unknown) => unknown,
    onError?: (error: Error) => unknown,
  ): () => void
  close?(): Promise<void>
}

/** Watches the job through `subscriber`; returns the function that stops it. */
export function subscribeJobProgress(subscriber: ConvexSubscriber, secret: string, watch: JobProgressWatch): () => void {
  let cursor = watch.afterSeq
  let stopped = false
  let unsubscribe: (() => void) | null = null
  let handled: Promise<void> = Promise.resolve()

  const handle = async (afterSeq: number, result: unknown): Promise<void> => {
    if (stopped || afterSeq !== cursor) return
    const progress = result === null ? null : progressFromRecord(result)
    const next = await watch.onProgress(progress)
    if (stopped || !progress) return
    const nextCursor = typeof next === 'number' ? next : progress.cursor
    if (nextCursor !== cursor) {
      cursor = nextCursor
      subscribe()
    }
  }

  const subscribe = (): void => {
    unsubscribe?.()
    const afterSeq = cursor
    const args = { secret, userId: watch.userId, jobId: watch.jobId, afterSeq }
    unsubscribe = subscriber.onUpdate(api.jobWatch.since, args, (result) => {
      handled = handled.then(() => handle(afterSeq, result)).catch((error: unknown) => watch.onError?.(error))
    }, error => watch.onError?.(error))
  }

  subscribe()
  return () => {
    stopped = true
    unsubscribe?.()
    unsubscribe = null
  }
}
