// The `chat` job kind: one assistant turn of a thread. Builds the request from the thread's history (or
// resumes the checkpointed run), picks the thread's tool set, and runs the agent with a sink that writes
// to the job (live + store + checkpoints). Finishing, stops and pauses are job-execution's.
import type { Store } from '../../store/ports'
import type { LlmClient } from '../../llm/types'
import type { Logger } from '../../observability/logger'
import type { ToolRegistry } from '../../tooling/registry'
import { createToolSet } from '../../tooling/tool-set'
import type { ToolLoopLimits } from '../../agent/limits'
import { runAgent } from '../../agent/loop'
import { storedRunStateSchema, type StoredRunState } from '../../agent/run-checkpoint'
import { agentJobSink } from '../../jobs/agent-job-sink'
import type { JobKindDefinition } from '../../jobs/kinds'
import type { ThreadTitleService } from '../../services/thread-title-service'
import type { TraceWriter } from '../../traces/trace-writer'
import { agentRunStart } from '../agent-run-start'
import { buildChatHistory } from './chat-history'
import { userImageLoader, withInlinedImages } from './inline-images'
import type { UploadServices } from '../../uploads/upload-services'

export interface AgentKindDependencies {
  store: Store
  llm: LlmClient
  tools: ToolRegistry
  limits: ToolLoopLimits
  retry: { attempts: number; baseDelayMs: number }
  logger: Logger
  /** Titles by the model after a thread's first exchange (left out: no titles by the model). */
  titles?: Pick<ThreadTitleService, 'afterTurn'>
  /** Where image parts' bytes come from; without it image references are sent as they are. */
  images?: UploadServices | null
  /** Where trace rows go, with the size limit of their input and output; null: tracing off. */
  traces?: { writer: TraceWriter; maxFieldBytes: number } | null
}

export function chatKind(deps: AgentKindDependencies): JobKindDefinition<StoredRunState> {
  return {
    kind: 'chat',
    checkpointState: storedRunStateSchema,
    finished: (job, status) => deps.titles?.afterTurn(job, status) ?? Promise.resolve(),
    async run({ job, signal, output, resume }) {
      const { store, logger } = deps
      // A resume rebuilds the history the run started from: the checkpoint holds only what it added.
      const [thread, start] = await Promise.all([
        job.threadId ? store.getThread(job.userId, job.threadId) : null,
        agentRunStart(job, resume, () => buildChatHistory(store, job)),
      ])
      await deps.tools.ready()
      const sink = agentJobSink(output, deps.traces?.writer)
      // The first checkpoint makes a crash before the first round resumable.
      if (!job.checkpoint) await sink.checkpoint(start)
      // The turn's rows are stored before the job is shown finished, so a pane opened then finds them.
      const llm = deps.images ? withInlinedImages(deps.llm, userImageLoader(deps.images, job.userId)) : deps.llm
      await runAgent({
        llm, model: job.model, messages: start.messages, resume: start, signal, sink, logger,
        tools: createToolSet(deps.tools, { disabled: thread?.disabledTools ?? [], enabled: thread?.enabledTools ?? [] }),
        limits: deps.limits,
        caller: { userId: job.userId, threadId: job.threadId, jobId: job.id },
        ...(deps.traces
          ? {
              trace: {
                maxFieldBytes: deps.traces.maxFieldBytes,
                // The turn is the number of user messages so far (the new one included).
                context: { jobId: job.id, parentJobId: job.parentJobId, threadId: job.threadId, turn: start.messages.filter(message => message.role === 'user').length },
              },
            }
          : {}),
        retry: {
          ...deps.retry,
          onRetry: (error, attempt, delayMs) => logger.warn('model request retried', { jobId: job.id, attempt, delayMs, error: error.message }),
        },
      }).finally(() => deps.traces?.writer.flush({ holdRunning: true }))
    },
  }
}
