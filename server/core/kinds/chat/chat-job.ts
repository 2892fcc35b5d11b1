// The work of a `chat` job: mark it streaming, build the request from the thread (or take it from the
// job's checkpoint when resuming), run the tool loop (text to viewers as it arrives and, batched, to the
// store), save a checkpoint at every turn boundary, and end in exactly one terminal status.
// Admission, leases, timeouts and abort wiring are the runner's; the HTTP side never sees this module.
import type { LlmClient } from '../../llm/types'
import type { Logger } from '../../observability/logger'
import type { ToolRegistry } from '../../tooling/registry'
import { buildChatHistory } from './chat-history'
import { CheckpointSaver } from '../../jobs/durability/checkpoint-saver'
import { BatchedContentWriter } from '../../jobs/durability/content-writer'
import { describeJobError } from '../../jobs/job-error-message'
import { finishLiveJob } from '../../jobs/job-finisher'
import type { JobRunContext, JobWork } from '../../jobs/runner'
import type { Store } from '../../store/ports'
import { stopReasonOf } from '../../jobs/stop-reason'
import { runToolLoop } from '../../agent/loop'
import type { ToolLoopLimits } from '../../agent/limits'
import { fromCheckpoint, toCheckpoint, type ToolLoopState } from '../../agent/loop-state'

export interface ChatJobDependencies {
  store: Store
  llm: LlmClient
  tools: ToolRegistry
  limits: ToolLoopLimits
  retry: { attempts: number; baseDelayMs: number }
  storeFlush: { intervalMs: number; maxChunks: number; maxBytes: number }
  logger: Logger
}

/** The `JobWork` for chat jobs. */
export function createChatJobWork(deps: ChatJobDependencies): JobWork {
  return context => runChatJob(deps, context)
}

async function runChatJob(deps: ChatJobDependencies, { job, live, signal }: JobRunContext): Promise<void> {
  const { store, logger } = deps
  if (job.status === 'queued') {
    await store.markJobStreaming(job.userId, job.id)
    live.emit({ type: 'status', status: 'streaming' })
  }
  const writer = new BatchedContentWriter({
    ...deps.storeFlush,
    write: batch => store.appendJobContent(job.userId, job.id, batch),
  })
  // The store gets the logged delta events, so its (content, lastSeq) always matches the log.
  const unsubscribe = live.subscribe((event) => {
    if (event.type === 'delta') writer.push(event.text, event.seq)
  })
  const flushText = () => {
    live.flushPending()
    return writer.flush()
  }
  const saver = new CheckpointSaver(checkpoint => store.saveCheckpoint(job.userId, job.id, checkpoint))
  let contentLength = job.content.length
  try {
    const [thread, state] = await Promise.all([store.getThread(job.userId, job.threadId), initialState(store, job)])
    await deps.tools.ready()
    // A checkpoint records only text that is already stored, so a resume never duplicates or loses any.
    const checkpoint = async (next: ToolLoopState) => {
      await flushText()
      await saver.save(toCheckpoint(next))
    }
    if (!job.checkpoint) await checkpoint(state)
    await runToolLoop({
      job, live, store, llm: deps.llm, tools: deps.tools, signal, limits: deps.limits, logger, state, checkpoint,
      toolDefinitions: deps.tools.getEnabledDefinitions(thread?.disabledTools ?? []),
      contentLength: () => contentLength,
      retry: {
        ...deps.retry,
        onRetry: (error, attempt, delayMs) => logger.warn('model request retried', { jobId: job.id, attempt, delayMs, error: error.message }),
      },
      onText: (text) => {
        contentLength += text.length
        live.pushDelta(text, Date.now())
      },
    })
    await flushText()
    await writer.close()
    await finishLiveJob(store, live, { status: 'complete' })
  } catch (error) {
    // Whatever was produced before the fault or the stop is kept.
    await flushText().then(() => writer.close()).catch(() => undefined)
    const stop = stopReasonOf(signal)
    if (stop?.kind === 'user') {
      await finishLiveJob(store, live, { status: 'aborted' })
    } else if (stop?.kind === 'shutdown' || stop?.kind === 'lease_lost') {
      // Not an end: the job stays unfinished in the store and resumes from its last checkpoint.
      logger.info('job paused', { jobId: job.id, reason: stop.kind })
    } else {
      const message = describeJobError(error, stop)
      logger.warn('job failed', { jobId: job.id, error: message })
      await finishLiveJob(store, live, { status: 'error', error: message })
    }
  } finally {
    unsubscribe()
    writer.dispose()
  }
}

/** A fresh conversation from the thread, or the one the checkpoint saved. */
async function initialState(store: Store, job: JobRunContext['job']): Promise<ToolLoopState> {
  if (job.checkpoint) return fromCheckpoint(job.checkpoint)
  return { messages: await buildChatHistory(store, job), round: 1, toolRoundsDone: 0, contentLength: 0 }
}
