// The browser end of the per-user live feed (GET /api/events): one EventSource per tab that keeps the
// thread list current and tells the open thread about turns started elsewhere. Reducing events into the
// list is utils/apply-feed-event.ts; reloading a thread is the thread page's job (it subscribes here).
import type { UserFeedEvent } from '#shared/types/user-event'
import { applyFeedEvent, parseFeedEvent } from '../utils/apply-feed-event'

/** What a subscriber hears: a feed event, or `reset` (the cursor was lost: refetch what you show). */
export type FeedSignal = { type: 'event', event: UserFeedEvent } | { type: 'reset' }
type FeedListener = (signal: FeedSignal) => void

const listeners = new Set<FeedListener>()

function broadcast(signal: FeedSignal): void {
  for (const listener of listeners) listener(signal)
}

/** Calls `listener` for every feed signal while the calling scope lives. */
export function onUserFeed(listener: FeedListener): void {
  if (!import.meta.client) return
  listeners.add(listener)
  onScopeDispose(() => listeners.delete(listener))
}

/** Delay before re-opening a feed the server closed (HTTP error), doubling up to the cap, in ms. */
const REOPEN_BASE_MS = 1000
const REOPEN_MAX_MS = 30_000

/**
 * Opens the feed for this tab and applies it to the shared thread list. Call it once (the sidebar does);
 * it closes when the calling scope is disposed.
 */
export function useUserFeed() {
  const { threads, refresh } = useThreads()
  const connected = ref(false)
  let source: EventSource | null = null
  let reopenTimer: ReturnType<typeof setTimeout> | null = null
  let failures = 0
  let disposed = false

  function resync(): void {
    refresh().catch(() => undefined)
    broadcast({ type: 'reset' })
  }

  function onMessage(message: MessageEvent<string>): void {
    const event = parseFeedEvent(message.data)
    if (!event) return
    const update = applyFeedEvent(threads.value, event)
    if (update.threads !== threads.value) threads.value = update.threads
    if (update.missing) refresh().catch(() => undefined)
    broadcast({ type: 'event', event })
  }

  function open(): void {
    reopenTimer = null
    if (disposed) return
    source = new EventSource('/api/events')
    source.onopen = () => {
      // A fresh connection starts at "now": what happened while none was open is fetched instead.
      if (failures > 0) resync()
      else refresh().catch(() => undefined)
      failures = 0
      connected.value = true
    }
    source.onmessage = onMessage
    source.addEventListener('reset', resync)
    source.onerror = () => {
      connected.value = false
      // EventSource re-connects by itself (with Last-Event-ID) unless the server answered an HTTP error.
      if (source?.readyState !== EventSource.CLOSED) return
      source = null
      const delay = Math.min(REOPEN_MAX_MS, REOPEN_BASE_MS * 2 ** failures)
      failures += 1
      reopenTimer = setTimeout(open, delay)
    }
  }

  function close(): void {
    disposed = true
    if (reopenTimer) clearTimeout(reopenTimer)
    source?.close()
    source = null
    connected.value = false
  }

  if (import.meta.client) {
    onMounted(open)
    onScopeDispose(close)
  }

  return { connected }
}
