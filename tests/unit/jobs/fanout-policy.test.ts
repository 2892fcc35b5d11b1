// Pins every rule of the adaptive fan-out policy (server/core/jobs/events/fanout-policy.ts) on a fake
// clock: explicit `now`, costs and audiences, no timers.
import { describe, expect, it } from 'vitest'
import { decideFanout, defaultFanoutPolicy, type FanoutState } from '../../../server/core/jobs/events/fanout-policy'

const params = { costFactor: 3, freeCostMs: 1, backedUpBoost: 3, maxWindowMs: 50, maxPendingChars: 1000 }

/** Text arrived at t = 1000, the last broadcast ended at t = 999, costing `lastBroadcastCostMs`. */
function state(overrides: Partial<FanoutState> = {}): FanoutState {
  return {
    now: 1000, pendingChars: 6, firstPendingAt: 1000, lastBroadcastEndAt: 999,
    lastBroadcastCostMs: 0, viewers: 10, backedUp: 0, ...overrides,
  }
}

describe('decideFanout', () => {
  it('sends at once to few viewers on drained sockets (a cheap broadcast needs no gap)', () => {
    expect(decideFanout(state({ viewers: 10, lastBroadcastCostMs: 0.05 }), params)).toEqual({ send: 'now' })
  })

  it('holds an unwatched job\'s text for the whole window, however cheap broadcasts are', () => {
    expect(decideFanout(state({ viewers: 0, lastBroadcastCostMs: 0 }), params)).toEqual({ send: 'at', at: 1050 })
    expect(decideFanout(state({ now: 1050, viewers: 0 }), params)).toEqual({ send: 'now' })
    expect(decideFanout(state({ viewers: 0, pendingChars: 1000 }), params)).toEqual({ send: 'now' })
  })

  it('keeps the gap after a broadcast at costFactor × its cost beyond freeCostMs (duty cycle)', () => {
    // cost 6 ms → gap 3 × (6 − 1) = 15 ms after the end at 999 → 1014.
    expect(decideFanout(state({ viewers: 1000, lastBroadcastCostMs: 6 }), params)).toEqual({ send: 'at', at: 1014 })
  })

  it('needs no gap after a broadcast that cost no more than freeCostMs, whatever the audience', () => {
    expect(decideFanout(state({ viewers: 300, lastBroadcastCostMs: 1 }), params)).toEqual({ send: 'now' })
    expect(decideFanout(state({ viewers: 300, lastBroadcastCostMs: 1.5 }), params)).toEqual({ send: 'at', at: 1000.5 })
  })

  it('sends now once the gap has passed', () => {
    expect(decideFanout(state({ now: 1014, viewers: 1000, lastBroadcastCostMs: 6 }), params)).toEqual({ send: 'now' })
  })

  it('widens the gap with the share of backed-up sockets', () => {
    // Half the sockets full: gap 15 × (1 + 3 × 0.5) = 37.5 ms.
    expect(decideFanout(state({ viewers: 1000, backedUp: 500, lastBroadcastCostMs: 6 }), params)).toEqual({ send: 'at', at: 1036.5 })
    // All of them: 15 × 4 = 60 ms, past the cap (see below).
    expect(decideFanout(state({ viewers: 1000, backedUp: 1000, lastBroadcastCostMs: 6 }), params)).toEqual({ send: 'at', at: 1050 })
  })

  it('never lets text wait longer than maxWindowMs after it arrived', () => {
    expect(decideFanout(state({ viewers: 1000, lastBroadcastCostMs: 40 }), params)).toEqual({ send: 'at', at: 1050 })
    expect(decideFanout(state({ now: 1050, viewers: 1000, lastBroadcastCostMs: 40 }), params)).toEqual({ send: 'now' })
  })

  it('counts the cap from the first pending delta, not from now', () => {
    expect(decideFanout(state({ now: 1030, firstPendingAt: 990, viewers: 1000, lastBroadcastCostMs: 40 }), params)).toEqual({ send: 'at', at: 1040 })
  })

  it('sends at once when the pending text reaches maxPendingChars', () => {
    expect(decideFanout(state({ pendingChars: 999, viewers: 1000, lastBroadcastCostMs: 40 }), params)).toMatchObject({ send: 'at' })
    expect(decideFanout(state({ pendingChars: 1000, viewers: 1000, lastBroadcastCostMs: 40 }), params)).toEqual({ send: 'now' })
  })

  it('has defaults that cap the window at 50 ms and widen by 4× the cost beyond 1 ms', () => {
    expect(defaultFanoutPolicy).toMatchObject({ costFactor: 4, freeCostMs: 1, maxWindowMs: 50 })
    expect(decideFanout(state({ viewers: 1000, lastBroadcastCostMs: 3 }))).toEqual({ send: 'at', at: 1007 })
  })
})
