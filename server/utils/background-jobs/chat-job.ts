// The work of a `chat` job: mark it streaming, build the request from the thread, run the tool loop
// (text to viewers as it arrives and, batched, to the store), and end in exactly one terminal status.
// Admission, timeouts and abort wiring are the runner's; the HTTP side never sees this module.
import type { LlmClient } from '../llm/types'
import type { Logger } from '../observability/logger'
import type { ToolRegistry } from '../tools/tool-registry'
import { buildChatHistory } from './chat-history'
import { BatchedContentWriter } from './content-writer'
import { describeJobError } from './job-error-message'
import { finishLiveJob } from './job-finisher'
import type { JobRunContext, JobWork } from './job-runner'
import type { Store } from './providers/store'
import { stopReasonOf } from './stop-reason'
import { runToolLoop } from './tool-executor'
import type { ToolLoopLimits } from './tool-loop-limits'

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
  await store.markJobStreaming(job.userId, job.id)
  live.emit({ type: 'status', status: 'streaming' })
  const writer = new BatchedContentWriter({
    ...deps.storeFlush,
    write: batch => store.appendJobContent(job.userId, job.id, batch),
  })
  // The store gets the logged delta events, so its (content, lastSeq) always matches the log.
  const unsubscribe = live.subscribe((event) => {
    if (event.type === 'delta') writer.push(event.text, event.seq)
  })
  const closeWriter = () => {
    live.flushPending()
    return writer.close()
  }
  try {
    const [messages, thread] = await Promise.all([buildChatHistory(store, job), store.getThread(job.userId, job.threadId)])
    await deps.tools.ready()
    await runToolLoop({
      job, live, store, llm: deps.llm, tools: deps.tools, signal, limits: deps.limits, logger, messages,
      toolDefinitions: deps.tools.getEnabledDefinitions(thread?.disabledTools ?? []),
      retry: {
        ...deps.retry,
        onRetry: (error, attempt, delayMs) => logger.warn('model request retried', { jobId: job.id, attempt, delayMs, error: error.message }),
      },
      onText: text => live.pushDelta(text, Date.now()),
    })
    await closeWriter()
    await finishLiveJob(store, live, { status: 'complete' })
  } catch (error) {
    // Whatever was produced before the fault or the stop is kept.
    await closeWriter().catch(() => undefined)
    const stop = stopReasonOf(signal)
    if (stop?.kind === 'user') {
      await finishLiveJob(store, live, { status: 'aborted' })
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
