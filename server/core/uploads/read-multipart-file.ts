// Reads the one `file` part of a multipart/form-data request with busboy as it streams in, stopping
// at the size limit: a body larger than the limit is refused as soon as the limit is crossed (or at
// once from its Content-Length), never read whole first. It does not look at what the bytes are.
import type { IncomingMessage } from 'node:http'
import busboy from 'busboy'
import { AppError, badInput } from '../http/app-error'

export interface ReceivedFile {
  bytes: Buffer
  filename: string
  claimedMime: string
}

/** Room for the multipart boundaries and part headers around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024

const tooLarge = (maxBytes: number): AppError =>
  new AppError(413, `The file is larger than the upload limit of ${Math.round(maxBytes / (1024 * 1024))} MB.`)

/** The request's `file` part, at most `maxBytes` long. Throws 413 past the limit, 400 for a body without one. */
export function readMultipartFile(request: IncomingMessage, maxBytes: number): Promise<ReceivedFile> {
  const declared = Number(request.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD_BYTES) return Promise.reject(tooLarge(maxBytes))
  let parser: busboy.Busboy
  try {
    parser = busboy({ headers: request.headers, limits: { fileSize: maxBytes, files: 1, fields: 8, parts: 9 } })
  } catch {
    return Promise.reject(new AppError(415, 'Send the image as multipart/form-data with a part named \'file\'.'))
  }
  return new Promise((resolve, reject) => {
    let settled = false
    let received: ReceivedFile | null = null
    const fail = (error: AppError) => {
      if (settled) return
      settled = true
      request.unpipe(parser)
      request.pause()
      reject(error)
    }
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || received) {
        stream.resume()
        return
      }
      const chunks: Buffer[] = []
      let size = 0
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length
        chunks.push(chunk)
      })
      stream.on('limit', () => fail(tooLarge(maxBytes)))
      stream.on('end', () => {
        if (!settled) received = { bytes: Buffer.concat(chunks, size), filename: info.filename || 'image', claimedMime: info.mimeType ?? '' }
      })
    })
    parser.on('error', (error: unknown) => fail(badInput(`The upload could not be read: ${error instanceof Error ? error.message : 'malformed multipart body'}.`)))
    parser.on('close', () => {
      if (settled) return
      if (!received) return fail(badInput('The upload has no part named \'file\'.'))
      settled = true
      resolve(received)
    })
    request.on('error', () => fail(badInput('The upload was interrupted.')))
    request.pipe(parser)
  })
}
