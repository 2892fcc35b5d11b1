// Text of the SSE frames Errand sends: events with `id: <seq>`, keep-alive pings and the end marker.
// Formatting only; writing and backpressure belong to the viewer.
import type { JobEvent } from '#shared/types/job-event'

/** One event as an SSE frame. `data` is a single line of JSON, so no escaping of newlines is needed. */
export function formatEventFrame(event: JobEvent): string {
  return `id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`
}

/** Sent first: how long EventSource waits before reconnecting. */
export const RETRY_FRAME = 'retry: 1000\n\n'

/** Keeps proxies and the browser from timing the connection out. */
export const PING_FRAME = ': ping\n\n'

/** The job is over and nothing more will come: the client closes instead of reconnecting. */
export const END_FRAME = 'event: end\ndata: {}\n\n'
