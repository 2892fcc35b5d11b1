// An SSE sink that writes each frame to the response's socket in one write, doing the chunked transfer
// framing itself, and frames a broadcast's shared Buffer once for all its viewers. Through
// ServerResponse every frame costs a cork, three writes and a writev per viewer. It does not decide
// what is sent or when; where the socket is not the response's own yet, it writes through the response.
import { ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import type { SseFrame, SseSink } from '../jobs/sse/viewer'

const CRLF = Buffer.from('\r\n', 'latin1')

/** The last frame framed and its framed bytes: every viewer of one broadcast is sent the same frame. */
let lastFrame: SseFrame | undefined
let lastFramed: Buffer = Buffer.alloc(0)

/** `frame` as one chunk of a chunked HTTP/1.1 body: size in hex, CRLF, the bytes, CRLF. */
export function chunkFrame(frame: SseFrame): Buffer {
  if (frame === lastFrame) return lastFramed
  const body = typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame
  lastFramed = Buffer.concat([Buffer.from(`${body.byteLength.toString(16)}\r\n`, 'latin1'), body, CRLF])
  lastFrame = frame
  return lastFramed
}

/**
 * A sink for `response`, whose headers must already be flushed. Frames go straight to its socket (chunked
 * when the response is); the end and the close still belong to the response.
 */
export function socketSseSink(response: ServerResponse): SseSink {
  const socket = response.socket
  // The socket is assigned to a response only when it is the connection's current one, and flushHeaders
  // has written the head to it, so direct writes land after the head and before the response's end.
  // (An HTTP/2 compatibility response is no http.ServerResponse: its frames go through the response.)
  if (!(response instanceof ServerResponse) || !(socket instanceof Socket) || !response.headersSent) return response
  // OutgoingMessage sets chunkedEncoding for an HTTP/1.1 body of unknown length; an HTTP/1.0 body is sent bare.
  const chunked = (response as ServerResponse & { chunkedEncoding?: boolean }).chunkedEncoding === true
  return {
    write: frame => socket.write(chunked ? chunkFrame(frame) : frame),
    end: () => response.end(),
    destroy: () => response.destroy(),
    on(event, listener) {
      if (event === 'drain') socket.on('drain', listener)
      else response.on('close', listener)
      return this
    },
    off(event, listener) {
      if (event === 'drain') socket.off('drain', listener)
      else response.off('close', listener)
      return this
    },
  }
}
