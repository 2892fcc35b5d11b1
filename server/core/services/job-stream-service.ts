// Attaching an SSE connection to a job: to its live state when this process holds it, to a follower of
// the shared store when another instance runs it, or a final snapshot and the end marker when it is over. Ownership is checked before any byte is sent.
import { isTerminalStatus } from '#shared/types/job'
import type { AppContext } from '../app-context'
import { notFound } from '../http/app-error'
import { snapshotOf } from '../jobs/events/live-job'
import { followRemoteJob } from '../jobs/durability/remote-job-follower'
import { END_FRAME, formatEventFrame, RETRY_FRAME } from '../jobs/sse/sse-frames'
import type { SseSink } from '../jobs/sse/viewer'
import { requireOwnedJob } from './ownership'

type Context = Pick<AppContext, 'store' | 'registry' | 'config'>

/** A function that starts streaming into a sink; obtaining it proves the caller owns the job. */
export type StreamStarter = (sink: SseSink) => void

/** Resolves the job for the caller (404 otherwise) and returns how to stream it after `after`. */
export async function openJobStream(context: Context, userId: string, jobId: string, after: number | undefined): Promise<StreamStarter> {
  const live = context.registry.get(jobId)
  if (live) {
    if (live.userId !== userId) throw notFound('job', jobId)
    return sink => live.attach(sink, after)
  }
  const job = await requireOwnedJob(context.store, userId, jobId)
  return (sink) => {
    const liveNow = context.registry.get(jobId)
    if (liveNow) {
      liveNow.attach(sink, after)
      return
    }
    if (!isTerminalStatus(job.status)) {
      // Another instance runs it (or will resume it): follow it through the shared store.
      followRemoteJob({ store: context.store, registry: context.registry, pollIntervalMs: context.config.jobs.followPollIntervalMs }, job)
        .attach(sink, after)
      return
    }
    sink.write(RETRY_FRAME)
    if (after === undefined || after < job.lastSeq) {
      sink.write(formatEventFrame({ type: 'snapshot', job: snapshotOf(job), seq: job.lastSeq }))
    }
    sink.write(END_FRAME)
    sink.end()
  }
}

/** Reads the resume point: `?after=` wins over the Last-Event-ID header; garbage in either is ignored. */
export function resumePoint(after: number | undefined, lastEventId: string | undefined): number | undefined {
  if (after !== undefined) return after
  if (lastEventId === undefined || !/^\d{1,15}$/.test(lastEventId.trim())) return undefined
  return Number(lastEventId.trim())
}
