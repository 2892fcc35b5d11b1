// The llm client asks the turn gate before it sends a request and before it handles each read, and
// hands out nothing while the gate makes it wait; let in again, it goes on with the text intact.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockModelServer } from '../../fixtures/mock-model-server/server.mjs'
import { createLlmClient } from '../../../server/core/llm/client'
import type { TurnGate } from '../../../server/core/scheduling/turn-gate'
import type { LlmStreamPart } from '../../../server/core/llm/types'
import { chatRequest, textOf } from './llm-test-helpers'

type MockServer = Awaited<ReturnType<typeof startMockModelServer>>

/** The text the `hello` scenario streams. */
async function helloText(): Promise<string> {
  const file = new URL('../../fixtures/mock-model-server/scenarios/hello.json', import.meta.url)
  return JSON.parse(await readFile(file, 'utf8')).rounds[0].text
}

/** A gate that lets callers in until `close()`; then every caller waits until `open()`. `onAsk` sees each ask. */
function manualGate(onAsk: () => void = () => {}) {
  let closed: { promise: Promise<void>, open: () => void } | null = null
  const state = {
    asked: 0,
    /** Asks answered with a wait. */
    held: 0,
    close() {
      let open = () => {}
      const promise = new Promise<void>((resolve) => {
        open = resolve
      })
      closed = { promise, open }
    },
    open() {
      closed?.open()
      closed = null
    },
  }
  const gate: TurnGate = {
    admit: () => {
      onAsk()
      state.asked += 1
      if (closed) state.held += 1
      return closed?.promise
    },
    defer: run => run(),
  }
  return { gate, state }
}

describe('llm client and the turn gate', () => {
  let mock: MockServer
  beforeAll(async () => {
    mock = await startMockModelServer()
  })
  afterAll(() => mock.close())

  it('asks before sending the request and before handling each read', async () => {
    mock.reset()
    const requestsSeen: number[] = []
    const { gate, state } = manualGate(() => requestsSeen.push(mock.requests.length))
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key', turnGate: gate })
    const parts: LlmStreamPart[] = []
    for await (const part of client.stream(chatRequest('mock/hello', 'Hi'))) parts.push(part)
    // The first ask came before the mock saw the request.
    expect(requestsSeen[0]).toBe(0)
    expect(textOf(parts)).toBe(await helloText())
    // One ask for the request, then one per read (the scenario streams over 30 text chunks in separate writes).
    expect(state.asked).toBeGreaterThan(10)
  })

  it('hands out no part while the gate makes it wait, then goes on with the text intact', async () => {
    const { gate, state } = manualGate()
    const client = createLlmClient({ baseUrl: mock.url, apiKey: 'test-key', turnGate: gate })
    const parts: LlmStreamPart[] = []
    const stream = client.stream(chatRequest('mock/hello', 'Hi'))
    const reading = (async () => {
      for await (const part of stream) {
        parts.push(part)
        if (parts.length === 3) state.close()
      }
    })()
    // The read being handled when the gate closed still yields its parts; the next read waits.
    while (state.held === 0) await new Promise(resolve => setTimeout(resolve, 5))
    const heldAt = parts.length
    const askedWhileHeld = state.asked
    await new Promise(resolve => setTimeout(resolve, 200))
    expect(parts.length).toBe(heldAt)
    expect(state.asked).toBe(askedWhileHeld)
    state.open()
    await reading
    expect(textOf(parts)).toBe(await helloText())
    expect(parts.length).toBeGreaterThan(heldAt)
  })
})
