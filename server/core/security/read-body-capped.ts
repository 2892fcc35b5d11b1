// Reads a request body while counting its bytes and stops keeping it at the limit, so a huge body is
// refused with 413 after at most `limit` bytes are held in memory (a declared Content-Length over the
// limit is refused before reading). The rest is read and thrown away, so the client gets its answer,
// up to DISCARD_LIMIT_BYTES; past that the connection is cut. It does not parse the body.
import type { IncomingMessage } from 'node:http'
import { AppError } from '../http/app-error'

/** How much of a refused body is read and dropped before the connection is closed instead. */
export const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024

/** Reads and drops the rest of a refused body (memory stays flat); cuts the connection past the discard limit. */
export function discardRest(request: IncomingMessage): void {
  let discarded = 0
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length
    if (discarded > DISCARD_LIMIT_BYTES) request.socket.destroy()
  })
  request.resume()
}

export const payloadTooLarge = (limit: number): AppError =>
  new AppError(413, `The request body is larger than the ${limit} bytes this route accepts.`)

/** The whole body as one Buffer, or a 413 AppError as soon as more than `limit` bytes arrive. */
export function readBodyCapped(request: IncomingMessage, limit: number): Promise<Buffer<ArrayBuffer>> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN)
  if (Number.isFinite(declared) && declared > limit) {
    discardRest(request)
    return Promise.reject(payloadTooLarge(limit))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = () => {
      request.off('data', onData)
      request.off('end', onEnd)
      request.off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        chunks.length = 0
        discardRest(request)
        reject(payloadTooLarge(limit))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(Buffer.concat(chunks))
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('error', onError)
  })
}
