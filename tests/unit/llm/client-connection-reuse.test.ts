// The llm client reads a response to its end after `[DONE]`, so a keep-alive connection serves the next
// request instead of being closed by a cancel; a body that goes on after `[DONE]` is still let go.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createLlmClient } from '../../../server/core/llm/client'
import { chatRequest, collect, textOf } from './llm-test-helpers'

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`

let server: Server | undefined

/** A tiny SSE endpoint: `answer` writes one response; counts the TCP connections it accepted. */
async function endpoint(answer: (response: ServerResponse) => void): Promise<{ url: string, connections: () => number }> {
  let connections = 0
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume()
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      answer(response)
    })
  })
  server.on('connection', () => { connections += 1 })
  await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections }
}

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise(resolve => server?.close(resolve))
  server = undefined
})

describe('llm client after [DONE]', () => {
  it('keeps the connection for the next request when the body ends a moment after [DONE]', async () => {
    const { url, connections } = await endpoint((response) => {
      response.write(chunk({ role: 'assistant', content: 'Hi' }))
      response.write(chunk({}, 'stop'))
      response.write('data: [DONE]\n\n')
      // The end of the body arrives in a later packet, as it often does from a real endpoint.
      setTimeout(() => response.end(), 20)
    })
    const client = createLlmClient({ baseUrl: url, apiKey: '' })
    for (let index = 0; index < 6; index += 1) {
      expect(textOf(await collect(client.stream(chatRequest('m', 'Hi'))))).toBe('Hi')
    }
    // Six requests on at most two connections (undici may open the second before it has put the first
    // back in its pool); cancelling each body after [DONE] would close every connection.
    expect(connections()).toBeLessThanOrEqual(2)
  })

  it('lets go of a body that never ends after [DONE] and closes its connection', async () => {
    let closed = false
    const { url } = await endpoint((response) => {
      response.write(chunk({ role: 'assistant', content: 'Hi' }))
      response.write(chunk({}, 'stop'))
      response.write('data: [DONE]\n\n')
      response.on('close', () => { closed = true })
    })
    const client = createLlmClient({ baseUrl: url, apiKey: '' })
    const parts = await collect(client.stream(chatRequest('m', 'Hi')))
    expect(parts).toContainEqual({ type: 'finish', reason: 'stop' })
    await expect.poll(() => closed, { timeout: 5000 }).toBe(true)
  })
})
