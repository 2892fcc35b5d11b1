import { describe, expect, it } from 'vitest'
import { SlidingWindowRateLimiter } from '../../../server/core/tooling/builtin/sliding-window-rate-limiter'

describe('SlidingWindowRateLimiter', () => {
  it('allows `limit` attempts per window per key and frees them as they age out', () => {
    let now = 0
    const limiter = new SlidingWindowRateLimiter({ limit: 2, windowMs: 1000, now: () => now })
    expect(limiter.tryAcquire('a')).toEqual({ allowed: true })
    now = 400
    expect(limiter.tryAcquire('a')).toEqual({ allowed: true })
    expect(limiter.tryAcquire('a')).toEqual({ allowed: false, retryAfterMs: 600 })
    expect(limiter.tryAcquire('b')).toEqual({ allowed: true })
    now = 1000
    expect(limiter.tryAcquire('a')).toEqual({ allowed: true })
    expect(limiter.tryAcquire('a')).toEqual({ allowed: false, retryAfterMs: 400 })
  })

  it('keeps at most maxKeys keys, dropping the least recently used', () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2, now: () => 0 })
    limiter.tryAcquire('first')
    limiter.tryAcquire('second')
    limiter.tryAcquire('first')
    limiter.tryAcquire('third')
    expect(limiter.size).toBe(2)
    // 'second' was dropped, so it starts afresh; 'first' is still limited.
    expect(limiter.tryAcquire('second')).toEqual({ allowed: true })
    expect(limiter.tryAcquire('third')).toEqual({ allowed: false, retryAfterMs: 60_000 })
  })
})
