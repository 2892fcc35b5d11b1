// Receipt times for many viewers in one process: a socket's data is stamped with the time it was read
// and parsed later, once the burst of reads is over (no data for QUIET_MS, or OLDEST_MS after the first
// unparsed read), so neither viewer 1,000's receipt time nor the reads of the next sockets wait for the
// parsing of the ones read before. Shared by the benchmark viewers; it parses nothing itself.
import { machineNow } from '../../tests/fixtures/mock-model-server/token-stamp.mjs'

/** Parse once no socket has had data for this long ... */
const QUIET_MS = 2
/** ... or once the oldest unparsed read is this old. */
const OLDEST_MS = 100

/** @type {{ handle: (chunk: string, arrival: number) => void, chunk: string, arrival: number }[]} */
let queue = []
/** @type {ReturnType<typeof setTimeout> | null} */
let timer = null
let lastArrival = 0

function drainWhenQuiet() {
  timer = null
  const now = machineNow()
  const quietFor = now - lastArrival
  if (quietFor < QUIET_MS && now - (queue[0]?.arrival ?? now) < OLDEST_MS) {
    timer = setTimeout(drainWhenQuiet, QUIET_MS - quietFor)
    return
  }
  const batch = queue
  queue = []
  for (const entry of batch) entry.handle(entry.chunk, entry.arrival)
}

/**
 * A `data` listener that notes the receipt time now and calls `handle(chunk, arrival)` after the burst of reads.
 * @param {(chunk: string, arrival: number) => void} handle
 * @returns {(chunk: string) => void}
 */
export function onReceipt(handle) {
  return (chunk) => {
    lastArrival = machineNow()
    queue.push({ handle, chunk, arrival: lastArrival })
    timer ??= setTimeout(drainWhenQuiet, QUIET_MS)
  }
}
