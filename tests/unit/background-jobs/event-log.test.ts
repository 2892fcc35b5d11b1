import { describe, expect, it } from 'vitest'
import { JobEventLog } from '../../../server/utils/background-jobs/event-log'

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
})
