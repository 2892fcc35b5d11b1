// The turn timeline of a thread: one item per assistant answer, derived from the displayed messages (the
// live answer already merged in by useThreadMessages), plus the formats the timeline shows. Pure logic:
// no DOM, no scrolling, no fetching.
import { ACTIVE_JOB_STATUSES } from '#shared/types/job'
import type { JobStatus } from '#shared/types/job'
import type { Message } from '#shared/types/thread'
import type { Usage } from '#shared/types/usage'

/** One assistant answer as the timeline shows it. */
export interface TurnTimelineItem {
  /** 1-based position among the thread's assistant answers. */
  number: number
  messageId: string
  /** When the answer was created (ms epoch). */
  startedAt: number
  toolCallCount: number
  /** Prompt plus completion tokens; null while the usage is unknown. */
  totalTokens: number | null
  /** Cached prompt tokens over prompt tokens (0–1); null when unknown or there were no prompt tokens. */
  cacheHitRate: number | null
  status: JobStatus | null
  /** True for the one answer still being written (the last queued or streaming one). */
  active: boolean
}

const LIVE_STATUSES: readonly JobStatus[] = ACTIVE_JOB_STATUSES

const compactNumber = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

function cacheHitRateOf(usage: Usage | null): number | null {
  if (!usage || usage.promptTokens === 0) return null
  return Math.min(1, usage.cachedTokens / usage.promptTokens)
}

/** The DOM id of a message's element in the conversation, the anchor a turn scrolls to. */
export function messageAnchorId(messageId: string): string {
  return `message-${messageId}`
}

/** Turns of a conversation in order: one per assistant message, with at most one marked active. */
export function deriveTurnTimeline(messages: readonly Message[]): TurnTimelineItem[] {
  const answers = messages.filter(message => message.role === 'assistant')
  const activeMessage = answers.findLast(message => message.status !== null && LIVE_STATUSES.includes(message.status))
  return answers.map((message, index) => ({
    number: index + 1,
    messageId: message.id,
    startedAt: message.createdAt,
    toolCallCount: message.toolCalls.length,
    totalTokens: message.usage ? message.usage.promptTokens + message.usage.completionTokens : null,
    cacheHitRate: cacheHitRateOf(message.usage),
    status: message.status,
    active: message === activeMessage,
  }))
}

/** A timestamp as local wall-clock time, `HH:MM:SS` (24-hour). */
export function formatTurnStartTime(timestamp: number): string {
  const date = new Date(timestamp)
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map(part => String(part).padStart(2, '0'))
    .join(':')
}

/** A token count in compact form ("950", "1.2k", "3.4M"); "—" when unknown. */
export function formatTokenCount(count: number | null): string {
  return count === null ? '—' : compactNumber.format(count).replace('K', 'k')
}

/** A cache-hit rate (0–1) as a whole percentage ("75%"); "—" when unknown. */
export function formatCacheHitRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`
}
