import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BatchedContentWriter } from '../../../server/core/jobs/durability/content-writer'

interface Batch { text: string; chunks: number; lastSeq: number }

function makeWriter(write?: (batch: Batch) => Promise<void>) {
  const batches: Batch[] = []
  const writer = new BatchedContentWriter({
    intervalMs: 120,
    maxChunks: 3,
    maxBytes: 1024,
    write: write ?? (async (batch) => { batches.push(batch) }),
  })
  return { writer, batches }
}

/** A writer whose first `failures` writes throw `message` (Infinity: every write); `written` holds the texts stored. */
function flakyWriter(failures: number, message: string) {
  let left = failures
  const written: string[] = []
  const { writer } = makeWriter(async (batch) => {
    if (left > 0) { left -= 1; throw new Error(message) }
    written.push(batch.text)
  })
  return { writer, written }
}

describe('BatchedContentWriter', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('writes every 3 chunks', async () => {
    const { writer, batches } = makeWriter()
    writer.push('a', 7)
    writer.push('b', 7)
    expect(batches).toHaveLength(0)
    writer.push('c', 7)
    await vi.runAllTimersAsync()
    expect(batches).toEqual([{ text: 'abc', chunks: 3, lastSeq: 7 }])
  })

  it('writes after 120 ms when fewer chunks wait', async () => {
    const { writer, batches } = makeWriter()
    writer.push('a', 7)
    await vi.advanceTimersByTimeAsync(119)
    expect(batches).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(batches).toEqual([{ text: 'a', chunks: 1, lastSeq: 7 }])
  })

  it('writes at once when 1 KiB is pending', async () => {
    const { writer, batches } = makeWriter()
    writer.push('x'.repeat(1024), 7)
    await vi.advanceTimersByTimeAsync(0)
    expect(batches).toHaveLength(1)
  })

  it('keeps one write in flight and preserves order', async () => {
    const started: string[] = []
    let release: () => void = () => undefined
    let inFlight = 0
    let maxInFlight = 0
    const { writer } = makeWriter(async (batch) => {
      inFlight += 1
      maxInFlight = Math.max(maxInFlight, inFlight)
      started.push(batch.text)
      await new Promise<void>((resolve) => { release = resolve })
      inFlight -= 1
    })
    writer.push('a', 7); writer.push('b', 7); writer.push('c', 7)
    writer.push('d', 7); writer.push('e', 7); writer.push('f', 7)
    await vi.advanceTimersByTimeAsync(0)
    expect(started).toEqual(['abc'])
    release()
    await vi.advanceTimersByTimeAsync(0)
    expect(started).toEqual(['abc', 'def'])
    release()
    await writer.close()
    expect(maxInFlight).toBe(1)
  })

  it('records the seq of the last delta in each batch', async () => {
    const { writer, batches } = makeWriter()
    writer.push('a', 3)
    writer.push('b', 5)
    await writer.close()
    expect(batches).toEqual([{ text: 'ab', chunks: 2, lastSeq: 5 }])
  })

  it('close() flushes the rest and leaves no timer', async () => {
    const { writer, batches } = makeWriter()
    writer.push('a', 7)
    await writer.close()
    expect(batches.map(batch => batch.text)).toEqual(['a'])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a failed write keeps its text for the next batch; close() reports a lasting failure', async () => {
    const { writer, written } = flakyWriter(1, 'disk full')
    writer.push('a', 7); writer.push('b', 7); writer.push('c', 7)
    await vi.advanceTimersByTimeAsync(0)
    writer.push('d', 7)
    await writer.close()
    expect(written.join('')).toBe('abcd')

    const broken = flakyWriter(Infinity, 'disk full')
    broken.writer.push('x', 7)
    await expect(broken.writer.close()).rejects.toThrow('disk full')
  })

  it('flushInOrder() retries a failed write after short waits and throws when it keeps failing', async () => {
    const { writer, written } = flakyWriter(2, 'busy')
    writer.push('a', 3)
    const flushed = writer.flushInOrder()
    await vi.advanceTimersByTimeAsync(49)
    expect(written).toEqual([])
    await vi.advanceTimersByTimeAsync(300)
    await flushed
    expect(written).toEqual(['a'])

    const broken = flakyWriter(Infinity, 'busy')
    broken.writer.push('x', 4)
    const failed = expect(broken.writer.flushInOrder()).rejects.toThrow('busy')
    await vi.advanceTimersByTimeAsync(400)
    await failed
  })
})
