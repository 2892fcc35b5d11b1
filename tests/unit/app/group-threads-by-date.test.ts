// Pins the sidebar's date buckets and the duration format used by tool calls.
import { describe, expect, it } from 'vitest'
import { groupThreadsByDate } from '../../../app/utils/group-threads-by-date'
import { formatDuration } from '../../../app/utils/format-duration'
import type { ThreadSummary } from '#shared/types/thread'

const now = new Date(2026, 4, 20, 15, 0, 0)
const hoursAgo = (hours: number) => now.getTime() - hours * 60 * 60 * 1000

function thread(id: string, updatedAt: number): ThreadSummary {
  return { id, userId: 'user', title: id, disabledTools: [], enabledTools: [], model: null, createdAt: updatedAt, updatedAt, activeJobId: null }
}

describe('groupThreadsByDate', () => {
  it('buckets by local day and keeps the given order', () => {
    const groups = groupThreadsByDate([
      thread('a', hoursAgo(1)), thread('b', hoursAgo(14)), thread('c', hoursAgo(20)),
      thread('d', hoursAgo(24 * 5)), thread('e', hoursAgo(24 * 20)), thread('f', hoursAgo(24 * 90)),
    ], now)
    expect(groups.map(group => [group.label, group.threads.map(item => item.id)])).toEqual([
      ['Today', ['a', 'b']], ['Yesterday', ['c']], ['Previous 7 days', ['d']], ['Previous 30 days', ['e']], ['Older', ['f']],
    ])
  })

  it('leaves out empty groups', () => {
    expect(groupThreadsByDate([], now)).toEqual([])
  })
})

describe('formatDuration', () => {
  it('uses ms below a second, seconds below a minute, then minutes', () => {
    expect(formatDuration(340)).toBe('340 ms')
    expect(formatDuration(2450)).toBe('2.5 s')
    expect(formatDuration(65_000)).toBe('1 m 05 s')
    expect(formatDuration(-5)).toBe('0 ms')
  })
})
