// Receipt times for many viewers in one process: a socket's data is stamped with the time it was read
// and parsed later in the same loop turn (setImmediate), so viewer 1,000's receipt time does not include
// the parsing of the 999 read before it. Shared by the benchmark viewers; it parses nothing itself.
import { machineNow } from '../../tests/fixtures/mock-model-server/token-stamp.mjs'

/** @type {{ handle: (chunk: string, arrival: number) => void, chunk: string, arrival: number }[]} */
let queue = []
let scheduled = false

function drain() {
  scheduled = false
  const batch = queue
  queue = []
  for (const entry of batch) entry.handle(entry.chunk, entry.arrival)
}

/**
 * A `data` listener that notes the receipt time now and calls `handle(chunk, arrival)` after the turn's reads.
 * @param {(chunk: string, arrival: number) => void} handle
 * @returns {(chunk: string) => void}
 */
export function onReceipt(handle) {
  return (chunk) => {
    queue.push({ handle, chunk, arrival: machineNow() })
    if (!scheduled) {
      scheduled = true
      setImmediate(drain)
    }
  }
}
