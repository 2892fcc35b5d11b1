// Live viewing of a job another instance runs: one poller per job per instance reads the job from the
// shared store and turns what changed into events (new text as deltas, tool-call and usage changes,
// the end), on a live state whose numbering stays above the owner's (see SEQ_EPOCH_GAP). It stops
// when the job ends, its last viewer leaves, or this instance takes the job over.
import type { Job } from '#shared/types/job'
import { isTerminalStatus } from '#shared/types/job'
import { SEQ_EPOCH_GAP } from '../events/event-log'
import { snapshotOf, type LiveJob } from '../events/live-job'
import type { LiveJobRegistry } from '../events/live-job-registry'
import type { Store } from '../../store/ports'

export interface RemoteFollowOptions {
  store: Store
  registry: LiveJobRegistry
  pollIntervalMs: number
}

/** The live state following `job` (created, with its poller, on first use). */
export function followRemoteJob(options: RemoteFollowOptions, job: Job): LiveJob {
  const existing = options.registry.get(job.id)
  if (existing) return existing
  let stored = job
  const live = options.registry.open(job, {
    startSeq: job.lastSeq + SEQ_EPOCH_GAP,
    seqFloor: () => stored.lastSeq + SEQ_EPOCH_GAP,
  })
  let idleTicks = 0
  const timer = setInterval(async () => {
    if (options.registry.get(job.id) !== live || live.isTerminal) return clearInterval(timer)
    idleTicks = live.viewers.size === 0 ? idleTicks + 1 : 0
    if (idleTicks >= 2) {
      clearInterval(timer)
      options.registry.release(job.id)
      return
    }
    try {
      const fresh = await options.store.getJob(job.userId, job.id)
      if (options.registry.get(job.id) !== live) return
      if (!fresh) {
        live.emit({ type: 'status', status: 'error', error: 'This job no longer exists.' })
        return
      }
      applyChanges(live, stored, fresh)
      stored = fresh
    } catch {
      // A failed poll is retried on the next tick.
    }
  }, options.pollIntervalMs)
  timer.unref()
  return live
}

function applyChanges(live: LiveJob, previous: Job, fresh: Job): void {
  if (!fresh.content.startsWith(previous.content)) {
    // The owner rewound a partial round (a resume): replace rather than append.
    live.replaceState(snapshotOf(fresh))
    return
  }
  if (fresh.content.length > previous.content.length) live.pushDelta(fresh.content.slice(previous.content.length))
  const before = new Map(previous.toolCalls.map(call => [call.id, JSON.stringify(call)]))
  for (const call of fresh.toolCalls) {
    if (before.get(call.id) !== JSON.stringify(call)) live.emit({ type: 'tool_call', toolCall: call })
  }
  if (fresh.usage && JSON.stringify(fresh.usage) !== JSON.stringify(previous.usage)) live.emit({ type: 'usage', usage: fresh.usage })
  if (fresh.status !== previous.status && (fresh.status === 'streaming' || isTerminalStatus(fresh.status))) {
    live.emit({ type: 'status', status: fresh.status, ...(fresh.error ? { error: fresh.error } : {}) })
  }
}
