// A light SSE viewer of one peer stream (bench/lib/peer-server.mjs): plain node:http, AI SDK style
// `data: {"type":"text-delta",...}` frames parsed by hand, the receive time of every token compared with
// its emission stamp, and a resume with ?resumeAt=<characters received> when the connection drops early.
// The peer's counterpart of sse-viewer.mjs; it measures only what it receives.
import http from 'node:http'
import { createStampReader } from '../../tests/fixtures/mock-model-server/token-stamp.mjs'
import { onReceipt } from './receipt-queue.mjs'
import { sseFrameSplitter, viewerSession } from './viewer-session.mjs'

/**
 * @typedef {{ events: number, bytes: number, text: string, ended: boolean, reconnects: number, doneAt: number | null }} PeerViewerRecord
 */

/**
 * Watches the peer's stream `id` until `data: [DONE]`, the deadline or too many reconnects.
 * @param {string} baseUrl
 * @param {string} id
 * @param {{ latencies?: number[], deadlineMs?: number, maxReconnects?: number }} [options]
 * @returns {Promise<PeerViewerRecord>}
 */
export function watchPeerStream(baseUrl, id, options = {}) {
  /** @type {PeerViewerRecord} */
  const record = { events: 0, bytes: 0, text: '', ended: false, reconnects: 0, doneAt: null }
  let arrival = 0
  let received = 0
  const stamps = createStampReader(stamp => options.latencies?.push(arrival - stamp))
  return new Promise((resolve) => {
    const session = viewerSession(record, options.deadlineMs ?? 120_000, resolve)
    const finish = () => session.finish()
    const connect = () => {
      const split = sseFrameSplitter()
      let gone = false
      const onGone = () => {
        if (gone) return
        gone = true
        if (session.finished || record.ended || record.reconnects >= (options.maxReconnects ?? 50)) return finish()
        record.reconnects += 1
        setTimeout(connect, 50)
      }
      session.request = http.get(`${baseUrl}/stream/${id}${received > 0 ? `?resumeAt=${received}` : ''}`, { agent: false }, (response) => {
        if (response.statusCode !== 200) {
          response.resume()
          response.on('end', onGone)
          return
        }
        response.setEncoding('utf8')
        response.on('data', onReceipt((chunk, receivedAt) => {
          if (session.finished) return
          arrival = receivedAt
          record.bytes += Buffer.byteLength(chunk)
          received += chunk.length
          for (const frame of split(chunk)) {
            if (frame === 'data: [DONE]') {
              record.ended = true
              return finish()
            }
            if (!frame.startsWith('data: {')) continue
            const delta = JSON.parse(frame.slice(6)).delta ?? ''
            record.text += delta
            record.events += 1
            stamps.read(delta)
          }
        }))
        // Through the same queue, so the data read before the close is applied first.
        response.on('close', onReceipt(onGone))
      })
      session.request.on('error', onGone)
    }
    connect()
  })
}
