// A request answered before its body was read (a refused upload) keeps its answer: a client that is
// still sending, and reads the socket only a moment later, finds the whole answer and the server's end
// of the connection, and the server closes the connection after the linger without reading the body.
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { closeAfterEarlyAnswer } from '../../../server/core/http/close-after-early-answer'

let server: http.Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise(resolve => server ? server.close(resolve) : resolve(undefined))
  server = undefined
})

const ANSWER = '{"statusCode":413,"message":"The file is larger than the upload limit of 20 MB."}'

/** A server that answers 413 at once to every request, without reading its body. Counts body bytes it read. */
async function refusingServer(lingerMs: number): Promise<{ port: number, bytesRead: () => number }> {
  let read = 0
  server = http.createServer((request, response) => {
    request.on('data', (chunk: Buffer) => { read += chunk.length })
    request.pause()
    closeAfterEarlyAnswer(request, response, lingerMs)
    response.writeHead(413, { 'content-type': 'application/json' })
    response.end(ANSWER)
  })
  await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, bytesRead: () => read }
}

/**
 * Sends a chunked POST and keeps sending body while it can, reads nothing for `readAfterMs`, then
 * collects what arrives until the connection ends. Resolves with that text, how it ended, and when.
 */
function uploadAndReadLate(port: number, readAfterMs: number): Promise<{ received: string, ending: string, endedAfterMs: number }> {
  return new Promise((resolve) => {
    const startedAt = Date.now()
    const socket = net.connect(port, '127.0.0.1')
    const chunk = Buffer.alloc(64 * 1024, 0x41)
    let received = ''
    let settled = false
    const finish = (ending: string) => {
      if (settled) return
      settled = true
      socket.destroy()
      resolve({ received, ending, endedAfterMs: Date.now() - startedAt })
    }
    socket.pause()
    socket.on('connect', () => {
      socket.write('POST /api/uploads HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\ncontent-type: application/octet-stream\r\n\r\n')
      const pump = () => {
        while (!settled && socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk) && socket.write('\r\n')) { /* fill the window */ }
      }
      pump()
      socket.on('drain', pump)
      setTimeout(() => socket.resume(), readAfterMs)
    })
    socket.on('data', (data: Buffer) => { received += data.toString('latin1') })
    socket.on('end', () => finish('end'))
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message))
    socket.on('close', () => finish('close'))
  })
}

describe('closeAfterEarlyAnswer', () => {
  it('lets a client that reads late still get the whole answer, then the server\'s end', async () => {
    const { port } = await refusingServer(1500)
    const outcome = await uploadAndReadLate(port, 300)
    expect(outcome.received).toMatch(/^HTTP\/1\.1 413 /)
    expect(outcome.received.slice(-200)).toContain(ANSWER)
    expect(outcome.received).not.toMatch(/connection: close/i)
    expect(outcome.ending).toBe('end')
  })

  it('closes the connection after the linger without reading the body', async () => {
    const { port, bytesRead } = await refusingServer(200)
    // The client never reads, so it sees only the close that follows the linger.
    const outcome = await uploadAndReadLate(port, 60_000)
    expect(['ECONNRESET', 'EPIPE', 'close', 'end']).toContain(outcome.ending)
    expect(outcome.endedAfterMs).toBeLessThan(30_000)
    // Only what Node's parser took with the request head, never the megabytes the client sent.
    expect(bytesRead()).toBeLessThan(1024 * 1024)
  })
})
