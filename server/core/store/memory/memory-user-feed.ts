// The per-user feed of the memory store: events kept per user in seq order, numbered from one counter
// for the whole store (so seqs only grow per user; gaps are allowed). Records and reads only; which
// write records which event is decided by the memory store's methods.
import type { UserFeedEvent, UserFeedEventBody } from '#shared/types/user-event'

/** The feed events of one memory store. */
export interface MemoryUserFeed {
  record(userId: string, body: UserFeedEventBody, at: number): void
  list(userId: string, afterSeq: number, limit: number): UserFeedEvent[]
  latestSeq(userId: string): number
  /** Drops every event recorded before `cutoff`. */
  deleteBefore(cutoff: number): void
  clear(): void
}

/** An empty feed. */
export function createMemoryUserFeed(): MemoryUserFeed {
  const eventsByUser = new Map<string, UserFeedEvent[]>()
  let lastSeq = 0

  return {
    record(userId, body, at) {
      lastSeq += 1
      const events = eventsByUser.get(userId) ?? []
      events.push(structuredClone({ ...body, seq: lastSeq, at }))
      eventsByUser.set(userId, events)
    },
    list(userId, afterSeq, limit) {
      const events = (eventsByUser.get(userId) ?? []).filter(event => event.seq > afterSeq)
      return structuredClone(events.slice(0, Math.max(0, limit)))
    },
    latestSeq(userId) {
      return eventsByUser.get(userId)?.at(-1)?.seq ?? 0
    },
    deleteBefore(cutoff) {
      for (const [userId, events] of eventsByUser) eventsByUser.set(userId, events.filter(event => event.at >= cutoff))
    },
    clear() {
      eventsByUser.clear()
    },
  }
}
