// How one event of the per-user live feed (GET /api/events) changes the sidebar's thread list: titles,
// order, deletions and live indicators. Pure: no EventSource, no fetching — when the event names a thread
// the list does not hold, it says so and the caller refetches the list.
import { isTerminalStatus } from '#shared/types/job'
import type { ThreadSummary } from '#shared/types/thread'
import { userFeedEventSchema } from '#shared/types/user-event'
import type { UserFeedEvent } from '#shared/types/user-event'

export interface FeedListUpdate {
  threads: ThreadSummary[]
  /** The event concerns a thread the list does not hold (created elsewhere): refetch the list. */
  missing: boolean
}

function newestFirst(threads: ThreadSummary[]): ThreadSummary[] {
  return [...threads].sort((a, b) => b.updatedAt - a.updatedAt)
}

/** The thread list after `event`; the same array when nothing changed. */
export function applyFeedEvent(threads: ThreadSummary[], event: UserFeedEvent): FeedListUpdate {
  if (event.type === 'thread_deleted') {
    const next = threads.filter(thread => thread.id !== event.threadId)
    return { threads: next.length === threads.length ? threads : next, missing: false }
  }
  if (event.type === 'thread') {
    const { id, title, updatedAt } = event.thread
    if (!threads.some(thread => thread.id === id)) return { threads, missing: true }
    return { threads: newestFirst(threads.map(thread => (thread.id === id ? { ...thread, title, updatedAt } : thread))), missing: false }
  }
  const { job } = event
  if (job.kind !== 'chat' || job.threadId === null) return { threads, missing: false }
  const target = threads.find(thread => thread.id === job.threadId)
  if (!target) return { threads, missing: true }
  const finished = isTerminalStatus(job.status)
  const activeJobId = finished ? (target.activeJobId === job.id ? null : target.activeJobId) : job.id
  if (activeJobId === target.activeJobId) return { threads, missing: false }
  const updatedAt = finished ? target.updatedAt : Math.max(target.updatedAt, event.at)
  return {
    threads: newestFirst(threads.map(thread => (thread.id === target.id ? { ...thread, activeJobId, updatedAt } : thread))),
    missing: false,
  }
}

/** Reads the `data` of one feed frame, or null when it is not a valid feed event. */
export function parseFeedEvent(data: string): UserFeedEvent | null {
  try {
    const parsed = userFeedEventSchema.safeParse(JSON.parse(data))
    return parsed.success ? parsed.data : null
  }
  catch {
    return null
  }
}
