// The work of a `chat` job: mark it streaming, build the request from the thread, stream the model's
// answer to viewers and (batched) to the store, record usage, and end in exactly one terminal status.
// Admission, timeouts and abort wiring are the runner's; the HTTP side never sees this module.
import { addUsage, type Usage } from '#shared/types/usage'
import type { LlmClient } from '../llm/types'
import { streamWithRetry } from '../llm/retry'
import { buildChatHistory } from './chat-history'
import { BatchedContentWriter } from './content-writer'
import { describeJobError } from './job-error-message'
import { finishLiveJob } from './job-finisher'
import type { JobRunContext, JobWork } from './job-runner'
import type { Store } from './providers/store'
import { stopReasonOf } from './stop-reason'

export interface ChatJobDependencies {
  store: Store
  llm: LlmClient
  retry: { attempts: number; baseDelayMs: number }
  storeFlush: { intervalMs: number; maxChunks: number; maxBytes: number }
  onRetry?: (jobId: string, error: unknown, attempt: number, delayMs: number) => void
}

/** The `JobWork` for chat jobs. */
export function createChatJobWork(deps: ChatJobDependencies): JobWork {
  return context => runChatJob(deps, context)
}

async function runChatJob(deps: ChatJobDependencies, { job, live, signal }: JobRunContext): Promise<void> {
  const { store } = deps
  await store.markJobStreaming(job.userId, job.id)
  live.emit({ type: 'status', status: 'streaming' })
  const writer = new BatchedContentWriter({
    ...deps.storeFlush,
    write: batch => store.appendJobContent(job.userId, job.id, batch),
    lastSeq: () => live.log.lastSeq,
  })
  let usage: Usage | null = null
  try {
    const messages = await buildChatHistory(store, job)
    const parts = streamWithRetry(deps.llm, { model: job.model, messages, signal }, {
      ...deps.retry,
      onRetry: (error, attempt, delayMs) => deps.onRetry?.(job.id, error, attempt, delayMs),
    })
    for await (const part of parts) {
      if (part.type === 'text') {
        live.pushDelta(part.text, Date.now())
        writer.push(part.text)
      } else if (part.type === 'usage') {
        usage = usage ? addUsage(usage, part.usage) : part.usage
        live.emit({ type: 'usage', usage })
        await store.updateJobMetadata(job.userId, job.id, { usage })
      }
    }
    await writer.close()
    await finishLiveJob(store, live, { status: 'complete' })
  } catch (error) {
    // Whatever was produced before the fault or the stop is kept.
    await writer.close().catch(() => undefined)
    const stop = stopReasonOf(signal)
    if (stop?.kind === 'user') {
      await finishLiveJob(store, live, { status: 'aborted' })
    } else {
      await finishLiveJob(store, live, { status: 'error', error: describeJobError(error, stop) })
    }
  } finally {
    writer.dispose()
  }
}
