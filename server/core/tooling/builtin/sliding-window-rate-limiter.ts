// Counts attempts per key (a user id) in a sliding time window and refuses those over the limit. Memory is
// bounded: at most `maxKeys` keys, the least recently used dropped first. Not shared between processes.

/** The verdict for one attempt. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number }

/** Options of a limiter: `limit` attempts per `windowMs` per key. */
export interface SlidingWindowRateLimiterOptions {
  limit: number
  windowMs: number
  /** Default 10 000. */
  maxKeys?: number
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number
}

/** A per-key sliding-window limiter. */
export class SlidingWindowRateLimiter {
  private readonly attempts = new Map<string, number[]>()
  private readonly maxKeys: number
  private readonly now: () => number

  constructor(private readonly options: SlidingWindowRateLimiterOptions) {
    this.maxKeys = options.maxKeys ?? 10_000
    this.now = options.now ?? Date.now
  }

  /** Records an attempt for `key` if it is within the limit; otherwise says how long to wait. */
  tryAcquire(key: string): RateLimitDecision {
    const now = this.now()
    const windowStart = now - this.options.windowMs
    const recent = (this.attempts.get(key) ?? []).filter(time => time > windowStart)
    // Re-insert so the Map's order is least recently used first.
    this.attempts.delete(key)
    if (recent.length >= this.options.limit) {
      this.attempts.set(key, recent)
      return { allowed: false, retryAfterMs: (recent[0] ?? now) + this.options.windowMs - now }
    }
    recent.push(now)
    this.attempts.set(key, recent)
    if (this.attempts.size > this.maxKeys) {
      const oldest = this.attempts.keys().next().value
      if (oldest !== undefined) this.attempts.delete(oldest)
    }
    return { allowed: true }
  }

  /** Number of keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.attempts.size
  }
}
