// What the trace viewer shows, derived from trace rows: turns with their calls placed on the turn's time
// axis (offset and width in % of the turn, so parallel calls overlap), latency and cache-hit colours at
// the thresholds, the turn's cached vs uncached prompt tokens and segment breakdown, a changed cacheable
// prefix and why, and the cumulative rate for the footer. Pure functions; no fetching or rendering.
import type { PromptSegments, Trace } from '#shared/types/trace'
import { compareTraces } from '#shared/rules/trace-order'
import { formatTokenCount } from './turn-timeline'

export type Tone = 'success' | 'warning' | 'error'

export interface TraceCallView {
  trace: Trace
  /** Where the call starts on its turn's axis, 0–100. */
  offsetPct: number
  /** How much of the turn it spans, 0–100 (at least a sliver, so short calls stay visible). */
  widthPct: number
  latencyTone: Tone | null
}

export interface CacheView {
  promptTokens: number
  cachedTokens: number
  uncachedTokens: number
  /** 0–1; null without prompt tokens. */
  rate: number | null
  tone: Tone | null
}

export interface TraceTurnView {
  turn: number
  startedAt: number
  durationMs: number
  calls: TraceCallView[]
  running: boolean
  cache: CacheView
  /** The segments of the turn's first model round (what the cached prefix consists of). */
  segments: PromptSegments | null
  /** Why the cacheable prefix differs from the previous turn's, or null when it does not. */
  prefixChange: string | null
}

/** Green under 1 s, yellow under 5 s, red from 5 s. */
export function latencyTone(latencyMs: number | null): Tone | null {
  if (latencyMs === null) return null
  return latencyMs < 1000 ? 'success' : latencyMs < 5000 ? 'warning' : 'error'
}

/** Green from 60 %, yellow from 30 %, red below (on the rounded percentage shown). */
export function hitRateTone(rate: number | null): Tone | null {
  if (rate === null) return null
  const percent = Math.round(rate * 100)
  return percent >= 60 ? 'success' : percent >= 30 ? 'warning' : 'error'
}

/** Cached vs uncached prompt tokens of some model rounds. */
export function cacheOf(traces: readonly Trace[]): CacheView {
  let promptTokens = 0
  let cachedTokens = 0
  for (const trace of traces) {
    if (trace.kind !== 'llm') continue
    promptTokens += trace.promptTokens ?? 0
    cachedTokens += Math.min(trace.cacheReadTokens ?? 0, trace.promptTokens ?? 0)
  }
  const rate = promptTokens > 0 ? cachedTokens / promptTokens : null
  return { promptTokens, cachedTokens, uncachedTokens: promptTokens - cachedTokens, rate, tone: hitRateTone(rate) }
}

/** Why `current`'s cacheable prefix differs from `previous`'s, or null (also when either is unknown). */
export function prefixChangeReason(previous: PromptSegments | null, current: PromptSegments | null): string | null {
  if (!previous || !current) return null
  const reasons = [
    previous.systemHash !== current.systemHash ? 'the system prompt changed' : null,
    previous.toolsHash !== current.toolsHash ? 'the tool set changed' : null,
  ].filter(reason => reason !== null)
  return reasons.length > 0 ? `Prefix changed: ${reasons.join(' and ')}` : null
}

/** The traces grouped by turn (in turn order), calls in start order on the turn's axis. */
export function deriveTraceTurns(traces: readonly Trace[], now = Date.now()): TraceTurnView[] {
  const byTurn = new Map<number, Trace[]>()
  for (const trace of traces) {
    const rows = byTurn.get(trace.turn)
    if (rows) rows.push(trace)
    else byTurn.set(trace.turn, [trace])
  }
  const turns: TraceTurnView[] = []
  let previousSegments: PromptSegments | null = null
  for (const turn of [...byTurn.keys()].sort((a, b) => a - b)) {
    const rows = byTurn.get(turn)!.sort(compareTraces)
    const startedAt = Math.min(...rows.map(row => row.startedAt))
    const endedAt = Math.max(...rows.map(row => row.finishedAt ?? now))
    const durationMs = Math.max(1, endedAt - startedAt)
    const segments = rows.find(row => row.kind === 'llm' && row.segments)?.segments ?? null
    turns.push({
      turn, startedAt, durationMs,
      running: rows.some(row => row.outcome === 'running'),
      calls: rows.map(row => {
        const offsetPct = ((row.startedAt - startedAt) / durationMs) * 100
        const widthPct = Math.max(0.5, (((row.finishedAt ?? now) - row.startedAt) / durationMs) * 100)
        return { trace: row, offsetPct, widthPct: Math.min(widthPct, 100 - offsetPct), latencyTone: latencyTone(row.latencyMs) }
      }),
      cache: cacheOf(rows),
      segments,
      prefixChange: prefixChangeReason(previousSegments, segments),
    })
    previousSegments = segments ?? previousSegments
  }
  return turns
}

/** Replaces the row with the same id or adds it (live updates), keeping list order (turn, startedAt, id). */
export function upsertTrace(traces: readonly Trace[], trace: Trace): Trace[] {
  const next = traces.filter(existing => existing.id !== trace.id)
  next.push(trace)
  return next.sort(compareTraces)
}

/** "Cache hit rate: 67 % (45K/67K tokens)"; null without prompt tokens. */
export function formatCumulativeCacheRate(cache: CacheView): string | null {
  if (cache.rate === null) return null
  const tokens = (count: number) => formatTokenCount(count).toUpperCase()
  return `Cache hit rate: ${Math.round(cache.rate * 100)} % (${tokens(cache.cachedTokens)}/${tokens(cache.promptTokens)} tokens)`
}
