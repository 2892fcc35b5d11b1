// The adaptive fan-out policy: given what text is pending and what the last broadcast cost, answers
// "send now" or "wait until T". Pure — no timers, no clock, no I/O; the FanoutBatcher asks it once per
// event-loop turn in which text arrived, and applies the answer.
//
// Rules, in order (each pinned by tests/unit/jobs/fanout-policy.test.ts):
// 1. Too much text pending (≥ maxPendingChars) → now: a frame stays small whatever the model does.
// 2. No viewer → wait out the cap (rule 4): nobody waits for the text, and fewer, larger events keep the
//    log, the store writer and the per-event work of an unwatched job (most jobs) small. A viewer that
//    attaches gets pending text at once (LiveJob.attach flushes first).
// 3. Duty cycle: the quiet gap after a broadcast must be ≥ costFactor × what that broadcast cost (ms spent
//    writing the frame to every viewer) beyond freeCostMs, so fan-out takes at most 1 / (1 + costFactor)
//    of the process plus freeCostMs per broadcast. A broadcast cheaper than freeCostMs (up to a few hundred
//    viewers on drained sockets) needs no gap at all: its text goes out on the next turn, since a gap
//    there costs a viewer more latency than it saves CPU. The gap widens by (1 + backedUpBoost × share of
//    viewers whose socket is full), since a full socket queues every frame it is sent.
// 4. Cap: no text waits longer than maxWindowMs after it arrived.
// It does not decide about non-delta events: those flush pending text at once (the batcher's job).

export interface FanoutPolicyParams {
  /** Gap after a broadcast, as a multiple of what it cost beyond freeCostMs. */
  costFactor: number
  /** A broadcast's first this-many ms of cost need no gap. */
  freeCostMs: number
  /** How much backed-up sockets widen the gap: × (1 + backedUpBoost × backed-up share). */
  backedUpBoost: number
  /** The longest any text waits (ms after its first delta arrived). */
  maxWindowMs: number
  /** Pending text at or above this many characters goes out at once. */
  maxPendingChars: number
}

export const defaultFanoutPolicy: FanoutPolicyParams = {
  costFactor: 4,
  freeCostMs: 1,
  backedUpBoost: 3,
  maxWindowMs: 50,
  maxPendingChars: 32 * 1024,
}

export interface FanoutState {
  /** Now, on the caller's clock (ms). */
  now: number
  /** Characters pending (UTF-16 units, as String.length counts). */
  pendingChars: number
  /** When the first pending delta arrived. */
  firstPendingAt: number
  /** When the last broadcast finished writing (-Infinity before the first). */
  lastBroadcastEndAt: number
  /** What the last broadcast cost, in ms of the writing loop (0 before the first). */
  lastBroadcastCostMs: number
  viewers: number
  /** Viewers whose socket was full after the last broadcast. */
  backedUp: number
}

export type FanoutDecision = { send: 'now' } | { send: 'at', at: number }

/** Decides when the pending text goes out (see the rules above). */
export function decideFanout(state: FanoutState, params: FanoutPolicyParams = defaultFanoutPolicy): FanoutDecision {
  if (state.pendingChars >= params.maxPendingChars) return { send: 'now' }
  const cap = state.firstPendingAt + params.maxWindowMs
  if (state.viewers === 0) return cap <= state.now ? { send: 'now' } : { send: 'at', at: cap }
  const backedUpShare = Math.min(1, state.backedUp / state.viewers)
  const gap = params.costFactor * Math.max(0, state.lastBroadcastCostMs - params.freeCostMs) * (1 + params.backedUpBoost * backedUpShare)
  const at = Math.min(state.lastBroadcastEndAt + gap, cap)
  return at <= state.now ? { send: 'now' } : { send: 'at', at }
}
