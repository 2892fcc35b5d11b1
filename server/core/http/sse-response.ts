// Turns an h3 request into an open SSE response: the headers every Errand stream sends, then the
// starter writes into a sink on the response's socket (socket-sse-sink.ts), and the handler resolves
// when the client goes away. What is streamed is the caller's business.
import type { H3Event } from 'h3'
import type { SseSink } from '../jobs/sse/viewer'
import { socketSseSink } from './socket-sse-sink'

export async function serveSse(event: H3Event, start: (sink: SseSink) => void | Promise<void>): Promise<void> {
  const response = event.node.res
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'connection': 'keep-alive',
    'x-accel-buffering': 'no',
  })
  response.flushHeaders()
  const closed = new Promise<void>(resolve => response.once('close', () => resolve()))
  await start(socketSseSink(response))
  await closed
}
