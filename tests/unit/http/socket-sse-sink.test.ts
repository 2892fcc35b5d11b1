import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { chunkFrame, socketSseSink } from '../../../server/core/http/socket-sse-sink'
import type { SseSink } from '../../../server/core/jobs/sse/viewer'

let server: http.Server | undefined
afterEach(async () => {
  await new Promise(resolve => server ? server.close(resolve) : resolve(undefined))
  server = undefined
})

/** A server whose every request gets an SSE head and is handed to `handle` with a socket sink. */
async function serve(handle: (sink: SseSink, response: http.ServerResponse) => void): Promise<number> {
  server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    response.flushHeaders()
    handle(socketSseSink(response), response)
  })
  await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** GETs `/` and resolves with the decoded body and the socket it came over. */
function get(port: number, agent?: http.Agent): Promise<{ body: string, socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    http.get({ port, host: '127.0.0.1', path: '/', agent }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => { body += chunk })
      response.on('end', () => resolve({ body, socket: response.socket }))
      response.on('error', reject)
    }).on('error', reject)
  })
}

describe('socketSseSink', () => {
  it('frames each write as one chunk whose size counts bytes, not characters', () => {
    expect(chunkFrame('data: ⟦é⟧\n\n').toString('latin1')).toBe(`10\r\n${Buffer.from('data: ⟦é⟧\n\n').toString('latin1')}\r\n`)
    const shared = Buffer.from('id: 1\ndata: {}\n\n')
    expect(chunkFrame(shared)).toBe(chunkFrame(shared))
  })

  it('delivers strings and shared buffers in order, ends the body cleanly and keeps the connection reusable', async () => {
    const shared = Buffer.from('id: 2\ndata: {"text":"⟦é⟧"}\n\n')
    const port = await serve((sink) => {
      sink.write('retry: 1000\n\n')
      sink.write(shared)
      sink.write(': ping\n\n')
      sink.end()
    })
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const first = await get(port, agent)
      expect(first.body).toBe('retry: 1000\n\nid: 2\ndata: {"text":"⟦é⟧"}\n\n: ping\n\n')
      // A malformed chunk would have broken the parser; a clean terminating chunk lets the socket be reused.
      const second = await get(port, agent)
      expect(second.body).toBe(first.body)
      expect(second.socket).toBe(first.socket)
    } finally {
      agent.destroy()
    }
  })

  it('sends an HTTP/1.0 body bare and closes the connection at the end', async () => {
    const port = await serve((sink) => {
      sink.write('data: a\n\n')
      sink.write(Buffer.from('data: b\n\n'))
      sink.end()
    })
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.0\r\n\r\n'))
      let text = ''
      socket.setEncoding('latin1')
      socket.on('data', (chunk: string) => { text += chunk })
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    expect(raw).not.toMatch(/transfer-encoding/i)
    expect(raw.slice(raw.indexOf('\r\n\r\n') + 4)).toBe('data: a\n\ndata: b\n\n')
  })

  it('reports a full socket and calls the drain listener once the reader catches up', async () => {
    let resolveDrained: (full: number) => void = () => {}
    const drained = new Promise<number>(resolve => { resolveDrained = resolve })
    const frame = Buffer.alloc(64 * 1024, 'x')
    const port = await serve((sink) => {
      let writes = 0
      while (sink.write(frame)) writes += 1
      const onDrain = () => {
        sink.off('drain', onDrain)
        resolveDrained(writes + 1)
        sink.end()
      }
      sink.on('drain', onDrain)
    })
    const result = await new Promise<{ bytes: number }>((resolve, reject) => {
      http.get({ port, host: '127.0.0.1', path: '/' }, (response) => {
        let bytes = 0
        response.pause()
        setTimeout(() => response.resume(), 50)
        response.on('data', (chunk: Buffer) => { bytes += chunk.length })
        response.on('end', () => resolve({ bytes }))
      }).on('error', reject)
    })
    const written = await drained
    expect(written).toBeGreaterThan(0)
    expect(result.bytes).toBe(written * frame.length)
  })

  it('writes through the response itself when its head is not on the socket yet', () => {
    const response = new http.ServerResponse(new http.IncomingMessage(new net.Socket()))
    expect(socketSseSink(response)).toBe(response)
  })

  it('tells its listener when the client goes away', async () => {
    let closed: () => void = () => {}
    const sawClose = new Promise<void>(resolve => { closed = resolve })
    const port = await serve((sink) => {
      sink.on('close', closed)
      sink.write('data: hi\n\n')
    })
    await new Promise<void>((resolve, reject) => {
      const request = http.get({ port, host: '127.0.0.1', path: '/' }, (response) => {
        response.once('data', () => { request.destroy(); resolve() })
      })
      request.on('error', () => {})
      setTimeout(() => reject(new Error('no data')), 2000)
    })
    await expect(sawClose).resolves.toBeUndefined()
  })
})
