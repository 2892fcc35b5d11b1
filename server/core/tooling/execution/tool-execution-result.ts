// The outcome of one tool execution as the tool loop receives it: a result or a typed error, both with
// the text that goes back to the model and their timing. Server-only; the UI sees ToolCallState instead.

/** Why an execution produced no result. */
export type ToolErrorKind =
  | 'unknown_tool'
  | 'invalid_json'
  | 'invalid_arguments'
  | 'timeout'
  | 'threw'
  | 'client_only'
  | 'aborted'
  /** The name is not in the run's tool set (switched off, outside a subset, client-only or unknown). */
  | 'not_enabled'

interface ToolExecutionTiming {
  /** Milliseconds from start to end. */
  durationMs: number
  /** Epoch milliseconds. */
  startedAt: number
  /** Epoch milliseconds. */
  finishedAt: number
}

/** A handler that returned. */
export interface ToolExecutionSuccess extends ToolExecutionTiming {
  ok: true
  /** The handler's return value; when `truncated`, the truncated text instead, so nothing oversized travels on. */
  result: unknown
  /** What goes back to the model: a string result as is, anything else as JSON. */
  content: string
  truncated: boolean
}

/** A call that produced no result; `error` and `content` say what went wrong and how to fix it. */
export interface ToolExecutionFailure extends ToolExecutionTiming {
  ok: false
  errorKind: ToolErrorKind
  error: string
  /** What goes back to the model: the error, prefixed with "Error: ". */
  content: string
}

/** The outcome of `executeTool`: never thrown, always one of these. */
export type ToolExecutionResult = ToolExecutionSuccess | ToolExecutionFailure

/** Builds a failure result that started at `startedAt` and ends now. */
export function toolFailure(errorKind: ToolErrorKind, error: string, startedAt: number): ToolExecutionFailure {
  const finishedAt = Date.now()
  return { ok: false, errorKind, error, content: `Error: ${error}`, durationMs: finishedAt - startedAt, startedAt, finishedAt }
}
