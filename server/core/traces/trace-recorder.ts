// Builds the trace rows of one agent run: a `running` row when a model round or tool call starts and
// its finished row (same id) when it ends, each handed to `emit` at once (the job sink shows it live
// and queues it for the store). Input and output are cut to `maxFieldBytes` of JSON, their full size
// kept. It does not write anything itself, and it never throws into the run.
import type { PromptSegments, Trace, TraceOutcome } from '#shared/types/trace'
import type { Usage } from '#shared/types/usage'
import type { LlmMessage, LlmToolCall, LlmToolDefinition } from '../llm/types'
import type { ToolErrorKind, ToolExecutionResult } from '../tooling/execution/tool-execution-result'
import { estimatePromptSegments } from './prompt-segments'

/** What every row of a run is labelled with. */
export interface TraceContext {
  jobId: string
  parentJobId: string | null
  threadId: string | null
  turn: number
}

export interface TraceRecorderOptions {
  context: TraceContext
  emit: (trace: Trace) => void
  maxFieldBytes: number
  /** Estimate prompt segments with the tokenizer (default true). */
  segments?: boolean
}

/** The end of a model round as the recorder needs it. */
export interface ModelRoundEnd {
  text: string
  calls: LlmToolCall[]
  finishReason: string | null
  usage: Usage | null
}

export interface OpenTrace<End> {
  finish(end: End): void
  /** Failed (`aborted` when the run was stopped). */
  fail(error: unknown, aborted: boolean): void
}

const OUTCOME_OF_ERROR: Partial<Record<ToolErrorKind, TraceOutcome>> = {
  timeout: 'timeout', aborted: 'aborted', not_enabled: 'not_enabled', unknown_tool: 'not_enabled', client_only: 'not_enabled',
}

/** `value` as stored: itself when its JSON fits, else its JSON cut to `maxBytes` characters (a string). */
export function fitJson(value: unknown, maxBytes: number): { value: unknown; bytes: number; truncated: boolean } {
  const json = JSON.stringify(value) ?? 'null'
  const bytes = Buffer.byteLength(json)
  if (bytes <= maxBytes) return { value: value ?? null, bytes, truncated: false }
  return { value: `${json.slice(0, maxBytes)}…`, bytes, truncated: true }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export class TraceRecorder {
  constructor(private readonly options: TraceRecorderOptions) {}

  /** A model round starting now with this request. */
  modelRound(round: number, model: string, messages: readonly LlmMessage[], tools: readonly LlmToolDefinition[]): OpenTrace<ModelRoundEnd> {
    const lastAssistant = messages.findLastIndex(message => message.role === 'assistant')
    const input = { messageCount: messages.length, newMessages: messages.slice(Math.max(1, lastAssistant + 1)) }
    const open = this.open('llm', model, round, input, `round:${round}`)
    let segments: PromptSegments | null = null
    const estimate = () => {
      if (this.options.segments === false) return null
      try {
        segments ??= estimatePromptSegments(messages, tools)
      } catch {
        segments = null
      }
      return segments
    }
    return {
      finish: (end) => {
        const usage = end.usage
        open.close('success', {
          text: end.text, finishReason: end.finishReason,
          toolCalls: end.calls.map(call => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })),
        }, null, {
          promptTokens: usage?.promptTokens ?? null, completionTokens: usage?.completionTokens ?? null,
          cacheReadTokens: usage?.cachedTokens ?? null, cacheWriteTokens: usage ? usage.cacheWriteTokens ?? 0 : null,
          reasoningTokens: usage?.reasoningTokens ?? null, costUsd: usage?.costUsd ?? null, segments: estimate(),
        })
      },
      fail: (error, aborted) => open.close(aborted ? 'aborted' : 'error', null, errorText(error), { segments: estimate() }),
    }
  }

  /** A tool call starting now. */
  toolCall(round: number, call: LlmToolCall, args: unknown): OpenTrace<ToolExecutionResult> & { rejected(error: string): void } {
    const open = this.open('tool', call.function.name, round, args, `${round}:${call.id}`)
    return {
      finish: result => result.ok
        ? open.close('success', result.result, null)
        : open.close(OUTCOME_OF_ERROR[result.errorKind] ?? 'error', null, result.error),
      fail: (error, aborted) => open.close(aborted ? 'aborted' : 'error', null, errorText(error)),
      rejected: error => open.close('error', null, error),
    }
  }

  /** Ids are the job's plus the round (and call), so a resumed run that redoes a step replaces its row. */
  private open(kind: Trace['kind'], name: string, round: number, input: unknown, step: string) {
    const { context, maxFieldBytes } = this.options
    const startedAt = Date.now()
    const clock = performance.now()
    const fittedInput = fitJson(input, maxFieldBytes)
    const started: Trace = {
      id: `${context.jobId}:${step}`,
      jobId: context.jobId, parentJobId: context.parentJobId, threadId: context.threadId, turn: context.turn, round, kind, name,
      input: fittedInput.value, inputBytes: fittedInput.bytes, output: null, outputBytes: 0, truncated: fittedInput.truncated,
      startedAt, finishedAt: null, latencyMs: null,
      promptTokens: null, completionTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null, costUsd: null,
      segments: null, error: null, outcome: 'running',
    }
    this.emit(started)
    let closed = false
    return {
      close: (outcome: TraceOutcome, output: unknown, error: string | null, extra: Partial<Trace> = {}) => {
        if (closed) return
        closed = true
        const fittedOutput = fitJson(output, maxFieldBytes)
        const latencyMs = Math.round((performance.now() - clock) * 10) / 10
        this.emit({
          ...started, ...extra, output: fittedOutput.value, outputBytes: fittedOutput.bytes,
          truncated: started.truncated || fittedOutput.truncated, finishedAt: startedAt + Math.round(latencyMs), latencyMs, error, outcome,
        })
      },
    }
  }

  private emit(trace: Trace): void {
    try {
      this.options.emit(trace)
    } catch {
      // Telemetry never breaks the run.
    }
  }
}
