#!/usr/bin/env node
// The peer of the fan-out benchmark: a small HTTP server built the way AI SDK users build resumable chat
// streams, with Vercel's `resumable-stream` on Redis. POST /streams creates a stream whose producer (once
// POST /streams/:id/start) reads the mock model and writes one AI SDK style SSE frame per token;
// GET /stream/:id resumes it as SSE (as a Next.js route would). It measures nothing itself beyond what
// /health reports (viewers, its own CPU, Redis's CPU, event-loop delay).
// Run as `node bench/lib/peer-server.mjs --mock <url> --redis <url>`; prints `peer listening on <url>`.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createClient } from 'redis'
import { createResumableStreamContext } from 'resumable-stream'

const { values } = parseArgs({ options: { mock: { type: 'string' }, redis: { type: 'string' }, port: { type: 'string', default: '0' } } })
if (!values.mock || !values.redis) throw new Error('usage: peer-server.mjs --mock <mock model base url> --redis <redis url>')

const publisher = createClient({ url: values.redis })
const subscriber = createClient({ url: values.redis })
await Promise.all([publisher.connect(), subscriber.connect()])
const context = createResumableStreamContext({ waitUntil: null, publisher, subscriber })

/** @type {Map<string, { start: () => void, text: string, done: boolean }>} */
const streams = new Map()
let viewers = 0
const loopDelay = monitorEventLoopDelay({ resolution: 10 })
loopDelay.enable()

/**
 * The model's text as AI SDK UI-message SSE frames, one per token, once `started` resolves.
 * @param {Promise<void>} started
 * @param {{ text: string, done: boolean }} entry  receives the text produced (the "stored content")
 * @param {string} scenario
 */
function modelStream(started, entry, scenario) {
  return new ReadableStream({
    async start(controller) {
      await started
      const response = await fetch(`${values.mock}/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: `mock/${scenario}`, stream: true, messages: [{ role: 'user', content: 'go' }] }),
      })
      if (!response.ok || !response.body) throw new Error(`the mock answered ${response.status}`)
      const decoder = new TextDecoder()
      let buffer = ''
      for await (const bytes of response.body) {
        buffer += decoder.decode(bytes, { stream: true })
        let boundary = buffer.indexOf('\n\n')
        while (boundary !== -1) {
          const record = buffer.slice(0, boundary)
          buffer = buffer.slice(boundary + 2)
          boundary = buffer.indexOf('\n\n')
          if (!record.startsWith('data: {')) continue
          const delta = JSON.parse(record.slice(6)).choices?.[0]?.delta?.content
          if (!delta) continue
          entry.text += delta
          controller.enqueue(`data: ${JSON.stringify({ type: 'text-delta', id: 'text-1', delta })}\n\n`)
        }
      }
      controller.enqueue('data: [DONE]\n\n')
      entry.done = true
      controller.close()
    },
  })
}

/** @param {http.ServerResponse} response @param {number} status @param {unknown} body */
function json(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

/** Pipes a resumed stream into the response with backpressure, as a Next.js route's Response would. */
async function pipe(/** @type {ReadableStream<string>} */ stream, /** @type {http.ServerResponse} */ response) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  viewers += 1
  const reader = stream.getReader()
  response.once('close', () => { reader.cancel().catch(() => {}) })
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (!response.write(next.value)) await new Promise(resolve => response.once('drain', resolve))
    }
  } finally {
    viewers -= 1
    response.end()
  }
}

/** Redis's own CPU seconds (user + system) from INFO cpu. */
async function redisCpuSeconds() {
  const info = await publisher.info('cpu')
  const field = (/** @type {string} */ name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0)
  return field('used_cpu_user') + field('used_cpu_sys')
}

const server = http.createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? '/', 'http://peer')
    const [, first, id, action] = url.pathname.split('/')
    if (request.method === 'POST' && first === 'streams' && !id) {
      const streamId = randomUUID()
      let start = () => {}
      const started = new Promise(resolve => { start = () => resolve(undefined) })
      const entry = { start, text: '', done: false }
      streams.set(streamId, entry)
      const own = await context.createNewResumableStream(streamId, () => modelStream(started, entry, url.searchParams.get('scenario') ?? 'fanout'))
      // The producer's own response: nobody reads it in the benchmark, so drain it here.
      own?.pipeTo(new WritableStream()).catch(() => {})
      return json(response, 201, { id: streamId })
    }
    if (request.method === 'POST' && first === 'streams' && id && action === 'start') {
      streams.get(id)?.start()
      return json(response, streams.has(id) ? 200 : 404, {})
    }
    if (request.method === 'GET' && first === 'streams' && id && action === 'text') {
      const entry = streams.get(id)
      return entry ? json(response, 200, { text: entry.text, done: entry.done }) : json(response, 404, {})
    }
    if (request.method === 'GET' && first === 'stream' && id) {
      const resumeAt = Number(url.searchParams.get('resumeAt') ?? 0)
      const stream = await context.resumeExistingStream(id, resumeAt > 0 ? resumeAt : undefined)
      if (stream === null) return json(response, 422, { error: 'Stream is already done' })
      if (!stream) return json(response, 404, { error: 'No such stream' })
      return await pipe(stream, response)
    }
    if (request.method === 'GET' && first === 'health') {
      const cpu = process.cpuUsage()
      const body = { viewers, cpuSeconds: (cpu.user + cpu.system) / 1e6, redisCpuSeconds: await redisCpuSeconds(), eventLoopP99Ms: loopDelay.percentile(99) / 1e6 }
      if (url.searchParams.get('reset') === '1') loopDelay.reset()
      return json(response, 200, body)
    }
    json(response, 404, {})
  } catch (error) {
    if (!response.headersSent) json(response, 500, { error: String(error) })
    else response.destroy()
  }
})
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address()
  console.log(`peer listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`)
})
process.on('SIGTERM', () => {
  server.closeAllConnections()
  server.close()
  Promise.allSettled([publisher.quit(), subscriber.quit()]).then(() => process.exit(0))
})
