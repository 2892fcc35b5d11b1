// The scroll-follow rules: a send or ↓ always follows; only the user's own scrolling up lets go; the
// app's layout changes (content growing, the composer resizing) never do; the user back at the bottom follows.
import { describe, expect, it } from 'vitest'
import { AT_BOTTOM_PX, distanceFromBottom, isScrollUpKey, nextFollowing } from '../../../app/utils/scroll-follow-rules'
import type { FollowEvent } from '../../../app/utils/scroll-follow-rules'

const run = (start: boolean, events: FollowEvent[]) => events.reduce(nextFollowing, start)

describe('nextFollowing', () => {
  it('follows after a send and after ↓, whatever came before', () => {
    expect(nextFollowing(false, { type: 'send' })).toBe(true)
    expect(nextFollowing(false, { type: 'resume' })).toBe(true)
  })

  it('lets go when the user scrolls up by wheel, touch, key or scrollbar', () => {
    expect(nextFollowing(true, { type: 'user-up' })).toBe(false)
    expect(nextFollowing(true, { type: 'scroll', distanceFromBottom: 400, byUser: true })).toBe(false)
  })

  it('never lets go because of a scroll the app caused (fast stream, layout change)', () => {
    expect(run(true, [
      { type: 'scroll', distanceFromBottom: 900, byUser: false },
      { type: 'scroll', distanceFromBottom: 5000, byUser: false },
    ])).toBe(true)
  })

  it('does not start following by itself either: a layout change at the bottom keeps the user where they read', () => {
    expect(nextFollowing(false, { type: 'scroll', distanceFromBottom: 0, byUser: false })).toBe(false)
  })

  it('follows again when the user scrolls back to the bottom', () => {
    expect(run(true, [
      { type: 'user-up' },
      { type: 'scroll', distanceFromBottom: 300, byUser: true },
      { type: 'scroll', distanceFromBottom: AT_BOTTOM_PX, byUser: true },
    ])).toBe(true)
    expect(nextFollowing(false, { type: 'scroll', distanceFromBottom: AT_BOTTOM_PX + 1, byUser: true })).toBe(false)
  })

  it('a send after reading up follows the new answer', () => {
    expect(run(true, [{ type: 'user-up' }, { type: 'send' }, { type: 'scroll', distanceFromBottom: 2000, byUser: false }])).toBe(true)
  })
})

describe('isScrollUpKey', () => {
  it.each([['ArrowUp', false], ['PageUp', false], ['Home', false], [' ', true]])('%s (shift %s) scrolls up', (key, shift) => {
    expect(isScrollUpKey(key, shift)).toBe(true)
  })

  it.each([['ArrowDown', false], ['PageDown', false], ['End', false], [' ', false], ['a', false]])('%s (shift %s) does not', (key, shift) => {
    expect(isScrollUpKey(key, shift)).toBe(false)
  })
})

describe('distanceFromBottom', () => {
  it('is what is left below the visible part, never negative', () => {
    expect(distanceFromBottom({ scrollHeight: 1000, scrollTop: 200, clientHeight: 500 })).toBe(300)
    expect(distanceFromBottom({ scrollHeight: 1000, scrollTop: 520, clientHeight: 500 })).toBe(0)
  })
})
