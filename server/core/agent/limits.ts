// The tool loop's limits and stop conditions as tiny predicates, so each rule is stated once and tested
// on its own. Values come from configuration; nothing here runs a model or a tool.
export interface ToolLoopLimits {
  /** How many rounds of tool execution one job may run (10). */
  maxRounds: number
  /** How many tool calls of one round are executed (20); the rest get error results. */
  maxToolsPerRound: number
  /** How many calls of a round run at the same time. */
  concurrency: number
  /** Default timeout of one tool call (a tool's own timeout wins). */
  toolTimeoutMs: number
  /** Results longer than this many UTF-8 bytes are cut, marked truncated. */
  maxResultBytes?: number
}

/** The model is done when a round asked for no tool calls (finish reason stop, length or none). */
export const isFinalRound = (toolCallCount: number): boolean => toolCallCount === 0

/** True when running one more tool round would exceed the limit. */
export const exceedsMaxRounds = (toolRoundsDone: number, limits: ToolLoopLimits): boolean =>
  toolRoundsDone >= limits.maxRounds

/** The message a job ends with when the model keeps calling tools past the limit. */
export const roundLimitMessage = (limits: ToolLoopLimits): string =>
  `tool execution limit exceeded: the model asked for more than ${limits.maxRounds} rounds of tool calls. The answer so far is kept; ask again with a narrower question.`

/** The tool result a call beyond the per-round limit gets instead of running. */
export const overLimitResult = (limits: ToolLoopLimits): string =>
  `Error: not run: more than ${limits.maxToolsPerRound} tool calls in one round (the limit is ${limits.maxToolsPerRound}). Ask for the remaining calls in the next round.`
