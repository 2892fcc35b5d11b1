// A raw node:http client for requests fetch cannot make: a chosen Host header, a body streamed in
// chunks without Content-Length, reading the answer while the body is still being sent.
import { request } from 'node:http'

export interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  /** Body bytes written before the answer arrived or the connection closed. */
  bytesSent: number
}

/** Sends a request; `chunks` of `chunkBytes` are written one after another until the server answers. */
export function rawHttp(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; chunks?: number; chunkBytes?: number } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let bytesSent = 0
    let answered = false
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      answered = true
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => { body += chunk })
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, bytesSent })
        req.destroy()
      })
    })
    req.on('error', (error) => {
      if (!answered) reject(error)
    })
    if (options.body !== undefined) {
      bytesSent += Buffer.byteLength(options.body)
      req.end(options.body)
      return
    }
    if (!options.chunks) {
      req.end()
      return
    }
    const chunk = Buffer.alloc(options.chunkBytes ?? 1024 * 1024, 0x20)
    let left = options.chunks
    const writeMore = () => {
      while (left > 0 && !answered && !req.destroyed) {
        left -= 1
        bytesSent += chunk.length
        if (!req.write(chunk)) {
          req.once('drain', writeMore)
          return
        }
      }
      if (left === 0 && !answered) req.end()
    }
    writeMore()
  })
}
