// A light SSE viewer of one job for load benchmarks: plain node:http (one socket per viewer), frames parsed
// by hand, the receive time of every token compared with the emission stamp the mock model put in front
// of it (token-stamp.mjs), order and text checked, and a re-attach with Last-Event-ID when the server
// drops it (as EventSource would).
import http from 'node:http'
import { createStampReader } from '../../tests/fixtures/mock-model-server/token-stamp.mjs'
import { onReceipt } from './receipt-queue.mjs'
import { sseFrameSplitter, viewerSession } from './viewer-session.mjs'

/**
 * @typedef {object} ViewerRecord
 * @property {number} events  job events applied (duplicates not counted)
 * @property {number} deltas
 * @property {number} bytes  bytes received, all connections together
 * @property {string} text  the answer as the viewer shows it (snapshot content plus deltas)
 * @property {boolean} ordered  every event after the first came with seq = previous + 1
 * @property {boolean} ended  the server sent `event: end`
 * @property {number} reconnects
 * @property {string | null} status  the last job status seen
 * @property {number} lastSeq
 * @property {number} openedAt  ms epoch of the first request
 * @property {number | null} headersAt  ms epoch the first response headers arrived
 * @property {number | null} firstEventAt  ms epoch the first job event arrived
 * @property {number | null} doneAt  ms epoch the viewer stopped (end, `until`, deadline or give-up)
 * @property {string | null} firstEventType
 */

/**
 * A job event as it arrives (the fields this viewer reads).
 * @typedef {{ type: string, seq: number, text?: string, at?: number, status?: string, job?: { content: string, status: string } }} WireEvent
 */

/**
 * @typedef {object} WatchOptions
 * @property {string} [user]  sent as x-errand-user
 * @property {number} [after]  cursor for the first attach (`?after=`); none means a snapshot first
 * @property {number[]} [latencies]  receives `arrival - emission stamp` (ms) of every stamped token received live
 * @property {number} [maxReconnects]  default 50
 * @property {number} [deadlineMs]  give up after this long (default 120 000)
 * @property {(record: ViewerRecord) => boolean} [until]  stop (and disconnect) once this holds
 */

/**
 * Watches `jobId` on the server at `baseUrl` until the stream ends, `until` holds or the deadline passes.
 * @param {string} baseUrl
 * @param {string} jobId
 * @param {WatchOptions} [options]
 * @returns {Promise<ViewerRecord>}
 */
export function watchJob(baseUrl, jobId, options = {}) {
  /** @type {ViewerRecord} */
  const record = {
    events: 0, deltas: 0, bytes: 0, text: '', ordered: true, ended: false, reconnects: 0, status: null, lastSeq: -1,
    openedAt: Date.now(), headersAt: null, firstEventAt: null, doneAt: null, firstEventType: null,
  }
  const maxReconnects = options.maxReconnects ?? 50
  let arrival = 0
  const stamps = createStampReader(stamp => options.latencies?.push(arrival - stamp))
  return new Promise((resolve) => {
    const session = viewerSession(record, options.deadlineMs ?? 120_000, resolve)
    const finish = () => session.finish()
    const apply = (/** @type {WireEvent} */ event) => {
      if (record.lastSeq >= 0 && event.seq <= record.lastSeq) return
      if (event.type === 'snapshot' && event.job) {
        record.text = event.job.content
        record.status = event.job.status
      } else {
        if (record.lastSeq >= 0 && event.seq !== record.lastSeq + 1) record.ordered = false
        if (event.type === 'delta') {
          record.text += event.text ?? ''
          record.deltas += 1
          stamps.read(event.text ?? '')
        } else if (event.type === 'status') {
          record.status = event.status ?? null
        }
      }
      record.firstEventAt ??= arrival
      record.firstEventType ??= event.type
      record.lastSeq = event.seq
      record.events += 1
    }
    const connect = () => {
      const cursor = record.lastSeq >= 0 ? record.lastSeq : options.after
      const path = `/api/jobs/${jobId}/stream${cursor === undefined ? '' : `?after=${cursor}`}`
      /** @type {Record<string, string>} */
      const headers = { accept: 'text/event-stream', ...(options.user ? { 'x-errand-user': options.user } : {}) }
      const split = sseFrameSplitter()
      let gone = false
      const onGone = () => {
        if (gone) return
        gone = true
        reconnectOrFinish()
      }
      session.request = http.get(`${baseUrl}${path}`, { headers, agent: false }, (response) => {
        record.headersAt ??= Date.now()
        response.setEncoding('utf8')
        response.on('data', onReceipt((chunk, receivedAt) => {
          if (session.finished) return
          arrival = receivedAt
          record.bytes += Buffer.byteLength(chunk)
          for (const frame of split(chunk)) {
            if (frame.startsWith('event: end')) record.ended = true
            else if (frame.startsWith('id: ')) apply(JSON.parse(frame.slice(frame.indexOf('\ndata: ') + 7)))
            if (options.until?.(record)) return finish()
          }
        }))
        // Through the same queue, so the data read before the close is applied first.
        response.on('close', onReceipt(onGone))
      })
      session.request.on('error', onGone)
    }
    const reconnectOrFinish = () => {
      if (session.finished) return
      if (record.ended || record.reconnects >= maxReconnects) return finish()
      record.reconnects += 1
      setTimeout(connect, 50)
    }
    connect()
  })
}
