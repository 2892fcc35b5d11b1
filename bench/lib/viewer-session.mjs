// What both benchmark viewers (sse-viewer.mjs for Errand, peer-viewer.mjs for the peer) share: one
// viewer's lifetime across reconnects (finish once: on end, give-up or deadline) and the splitting of
// received text into SSE frames. It knows nothing about what a frame means.

/**
 * @template {{ doneAt: number | null }} R
 * @param {R} record  gets `doneAt` when the viewer finishes
 * @param {number} deadlineMs  finish after this long whatever happens
 * @param {(record: R) => void} resolve
 */
export function viewerSession(record, deadlineMs, resolve) {
  const session = {
    /** @type {import('node:http').ClientRequest | null} the current connection */
    request: null,
    finished: false,
    finish() {
      if (session.finished) return
      session.finished = true
      clearTimeout(deadline)
      record.doneAt = Date.now()
      session.request?.destroy()
      resolve(record)
    },
  }
  const deadline = setTimeout(() => session.finish(), deadlineMs)
  return session
}

/**
 * A splitter of one connection's text into SSE frames (without the blank line), keeping a partial frame
 * until its end arrives.
 * @returns {(chunk: string) => string[]}
 */
export function sseFrameSplitter() {
  let buffer = ''
  return (chunk) => {
    buffer += chunk
    const frames = buffer.split('\n\n')
    buffer = frames.pop() ?? ''
    return frames
  }
}
