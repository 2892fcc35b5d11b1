// Reads a request body while counting its bytes and stops at the limit, so a huge body is refused with
// 413 after at most `limit` bytes are held in memory (a declared Content-Length over the limit is
// refused before reading). It does not parse the body.
import type { IncomingMessage } from 'node:http'
import { AppError } from '../http/app-error'

export const payloadTooLarge = (limit: number): AppError =>
  new AppError(413, `The request body is larger than the ${limit} bytes this route accepts.`)

/** The whole body as one Buffer, or a 413 AppError as soon as more than `limit` bytes arrive. */
export function readBodyCapped(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN)
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(payloadTooLarge(limit))
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
        request.pause()
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
