// Buckets the sidebar's threads by when they were last active (Today, Yesterday, ...), keeping their order.
// It does not sort or fetch; the list comes newest first from the server.
import type { ThreadSummary } from '#shared/types/thread'

/** A labelled run of threads in the sidebar. */
export interface ThreadGroup {
  label: string
  threads: ThreadSummary[]
}

const DAY_MS = 24 * 60 * 60 * 1000

function bucketLabel(updatedAt: number, startOfToday: number): string {
  if (updatedAt >= startOfToday) return 'Today'
  if (updatedAt >= startOfToday - DAY_MS) return 'Yesterday'
  if (updatedAt >= startOfToday - 7 * DAY_MS) return 'Previous 7 days'
  if (updatedAt >= startOfToday - 30 * DAY_MS) return 'Previous 30 days'
  return 'Older'
}

/** Groups `threads` by `updatedAt` relative to local midnight of `now`; empty groups are left out. */
export function groupThreadsByDate(threads: ThreadSummary[], now: Date = new Date()): ThreadGroup[] {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()
  const groups: ThreadGroup[] = []
  for (const thread of threads) {
    const label = bucketLabel(thread.updatedAt, startOfToday)
    const group = groups.find(existing => existing.label === label)
    if (group) group.threads.push(thread)
    else groups.push({ label, threads: [thread] })
  }
  return groups
}
