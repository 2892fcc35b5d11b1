// Which requests are rate limited, per user (or per client address for sign-in and sign-up), and the
// limiters that count them. Routes added later (uploads, workflow runs) match by path already; extend
// RATE_LIMIT_RULES for new costly routes. Answering 429 is the rate-limit middleware's job.
import type { AppConfig } from '../config/app-config'
import { SlidingWindowRateLimiter, type RateLimitDecision } from '../tooling/builtin/sliding-window-rate-limiter'

export interface RateLimitRule {
  name: string
  method: string
  pattern: RegExp
  /** Requests allowed per minute. */
  perMinute: (security: AppConfig['security']) => number
  /** Count per client address instead of per user (nobody is signed in yet). */
  byAddress?: boolean
}

export const RATE_LIMIT_RULES: readonly RateLimitRule[] = [
  { name: 'messages', method: 'POST', pattern: /^\/api\/threads\/[^/]+\/messages\/?$/, perMinute: s => s.messagesPerMinute },
  { name: 'uploads', method: 'POST', pattern: /^\/api\/(?:threads\/[^/]+\/)?uploads(?:\/|$)/, perMinute: s => s.uploadsPerMinute },
  { name: 'workflow-runs', method: 'POST', pattern: /^\/api\/workflows\/[^/]+\/runs\/?$|^\/api\/workflow-runs\/?$/, perMinute: s => s.workflowRunsPerMinute },
  { name: 'signin', method: 'POST', pattern: /^\/api\/auth\/(?:signin|signup)\/?$/, perMinute: s => s.signinAttemptsPerMinute, byAddress: true },
]

/** One limiter per rule, created on first use with the configured limit. */
export class RateLimits {
  private readonly limiters = new Map<string, SlidingWindowRateLimiter>()

  constructor(private readonly security: AppConfig['security']) {}

  /** The matching rule for this request, if any. */
  ruleFor(method: string, path: string): RateLimitRule | undefined {
    const pathname = path.split('?')[0] ?? ''
    return RATE_LIMIT_RULES.find(rule => rule.method === method.toUpperCase() && rule.pattern.test(pathname))
  }

  check(rule: RateLimitRule, key: string): RateLimitDecision {
    let limiter = this.limiters.get(rule.name)
    if (!limiter) {
      limiter = new SlidingWindowRateLimiter({ limit: rule.perMinute(this.security), windowMs: 60_000 })
      this.limiters.set(rule.name, limiter)
    }
    return limiter.tryAcquire(key)
  }
}
