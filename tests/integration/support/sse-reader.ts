// Reads an SSE response with eventsource-parser (as a browser's EventSource would) and collects the
// job events, so tests can disconnect at any point and re-attach with Last-Event-ID.
import { createParser } from 'eventsource-parser'
import type { JobEvent } from '#shared/types/job-event'

export interface SseSession {
  events: JobEvent[]
  ended: boolean
  status: number
  /** Resolves when the server closes the stream (after `event: end`, or otherwise). */
  done: Promise<void>
  /** Resolves once `predicate` holds for the events so far. */
  until: (predicate: (events: JobEvent[]) => boolean, timeoutMs?: number) => Promise<void>
  close: () => void
}

export async function openSse(url: string, options: { lastEventId?: number; user?: string } = {}): Promise<SseSession> {
  const controller = new AbortController()
  const headers: Record<string, string> = { accept: 'text/event-stream' }
  if (options.lastEventId !== undefined) headers['last-event-id'] = String(options.lastEventId)
  if (options.user) headers['x-errand-user'] = options.user
  const response = await fetch(url, { headers, signal: controller.signal })
  const waiters = new Set<() => void>()
  const session: SseSession = {
    events: [], ended: false, status: response.status, done: Promise.resolve(),
    close: () => controller.abort(),
    until: (predicate, timeoutMs = 20_000) => new Promise((resolve, reject) => {
      if (predicate(session.events)) return resolve()
      const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`SSE condition not met in ${timeoutMs} ms; got ${JSON.stringify(session.events.map(event => event.type))}`)) }, timeoutMs)
      const check = () => { if (predicate(session.events)) { clearTimeout(timer); waiters.delete(check); resolve() } }
      waiters.add(check)
    }),
  }
  const parser = createParser({
    onEvent: (message) => {
      if (message.event === 'end') { session.ended = true } else if (message.id !== undefined) {
        session.events.push(JSON.parse(message.data) as JobEvent)
      }
      for (const waiter of [...waiters]) waiter()
    },
  })
  session.done = (async () => {
    if (!response.body) return
    const decoder = new TextDecoder()
    try {
      for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }))
    } catch {
      // aborted by close()
    }
    for (const waiter of [...waiters]) waiter()
  })()
  return session
}

/** The text a client shows after applying the events in order (a snapshot replaces, deltas append). */
export function textOf(events: JobEvent[], start = ''): string {
  return events.reduce((text, event) => {
    if (event.type === 'snapshot') return event.job.content
    return event.type === 'delta' ? text + event.text : text
  }, start)
}

export const isTerminalEvent = (event: JobEvent): boolean =>
  event.type === 'status' && ['complete', 'error', 'aborted'].includes(event.status)
