import { describe, expect, it } from 'vitest'
import { JobEventLog } from '../../../server/core/jobs/events/event-log'

const delta = (text: string) => ({ type: 'delta' as const, text, at: 0 })

describe('JobEventLog', () => {
  it('numbers events 1, 2, 3 in order', () => {
    const log = new JobEventLog(10)
    expect([log.append(delta('a')).seq, log.append(delta('b')).seq, log.append(delta('c')).seq]).toEqual([1, 2, 3])
    expect(log.lastSeq).toBe(3)
  })

  it('replays exactly the events after a seq', () => {
    const log = new JobEventLog(10)
    for (const text of ['a', 'b', 'c', 'd']) log.append(delta(text))
    expect(log.since(2)?.map(event => event.seq)).toEqual([3, 4])
    expect(log.since(0)?.map(event => event.seq)).toEqual([1, 2, 3, 4])
    expect(log.since(4)).toEqual([])
  })

  it('returns null when the ring no longer holds what is asked for, or the cursor is ahead', () => {
    const log = new JobEventLog(3)
    for (const text of ['a', 'b', 'c', 'd', 'e']) log.append(delta(text))
    expect(log.size).toBe(3)
    expect(log.since(1)).toBeNull()
    expect(log.since(2)?.map(event => event.seq)).toEqual([3, 4, 5])
    expect(log.since(9)).toBeNull()
  })

  it('continues from a start seq', () => {
    const log = new JobEventLog(5, 41)
    expect(log.append(delta('x')).seq).toBe(42)
    expect(log.since(40)).toBeNull()
    expect(log.since(41)?.map(event => event.seq)).toEqual([42])
  })

  it('jumps forward when asked; a log started above old cursors treats them as unknown', () => {
    const log = new JobEventLog(5, 10_045)
    expect(log.since(50)).toBeNull()
    expect(log.append(delta('a')).seq).toBe(10_046)
    expect(log.append(delta('b'), 10_100).seq).toBe(10_100)
    expect(log.append(delta('c')).seq).toBe(10_101)
    expect(log.since(10_046)?.map(event => event.seq)).toEqual([10_100, 10_101])
    expect(log.since(10_045)?.map(event => event.seq)).toEqual([10_046, 10_100, 10_101])
  })
})
