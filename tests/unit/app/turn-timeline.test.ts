// Pins the turn timeline's derivation (one turn per assistant answer, the one active turn, tokens and
// cache-hit rate) and its formats (local HH:MM:SS, compact token counts, percentages).
import { describe, expect, it } from 'vitest'
import {
  deriveTurnTimeline, formatCacheHitRate, formatTokenCount, formatTurnStartTime, messageAnchorId,
} from '../../../app/utils/turn-timeline'
import type { Message } from '#shared/types/thread'
import type { ToolCallState } from '#shared/types/tool-call'

function message(overrides: Partial<Message>): Message {
  return {
    id: 'message', threadId: 'thread-1', userId: 'user-1', role: 'assistant', content: '', jobId: 'job', status: 'complete',
    error: null, model: null, isDemo: false, toolCalls: [], usage: null, createdAt: 1, ...overrides,
  }
}

function question(id: string): Message {
  return message({ id, role: 'user', jobId: null, status: null })
}

function toolCall(id: string): ToolCallState {
  return { id, name: 'clock', status: 'completed', args: {}, round: 1, startedAt: 1, finishedAt: 2 }
}

const usage = (promptTokens: number, completionTokens: number, cachedTokens: number) =>
  ({ promptTokens, completionTokens, cachedTokens, reasoningTokens: 0 })

describe('deriveTurnTimeline', () => {
  it('makes one numbered turn per assistant answer, in order, skipping user messages', () => {
    const turns = deriveTurnTimeline([
      question('q1'), message({ id: 'a1', createdAt: 100 }), question('q2'), message({ id: 'a2', createdAt: 200 }),
    ])
    expect(turns.map(turn => [turn.number, turn.messageId, turn.startedAt])).toEqual([[1, 'a1', 100], [2, 'a2', 200]])
  })

  it('returns no turns for a thread without answers', () => {
    expect(deriveTurnTimeline([])).toEqual([])
    expect(deriveTurnTimeline([question('q1')])).toEqual([])
  })

  it('counts tool calls and sums prompt and completion tokens', () => {
    const [turn] = deriveTurnTimeline([
      message({ toolCalls: [toolCall('call_1'), toolCall('call_2')], usage: usage(1000, 234, 0) }),
    ])
    expect(turn).toMatchObject({ toolCallCount: 2, totalTokens: 1234, cacheHitRate: 0 })
  })

  it('computes the cache-hit rate as cached over prompt tokens', () => {
    const [turn] = deriveTurnTimeline([message({ usage: usage(2000, 100, 1500) })])
    expect(turn?.cacheHitRate).toBe(0.75)
  })

  it('leaves tokens and cache-hit rate unknown without usage, and the rate unknown without prompt tokens', () => {
    const [withoutUsage, withoutPrompt] = deriveTurnTimeline([
      message({ id: 'a1', usage: null }), message({ id: 'a2', usage: usage(0, 12, 0) }),
    ])
    expect(withoutUsage).toMatchObject({ totalTokens: null, cacheHitRate: null })
    expect(withoutPrompt).toMatchObject({ totalTokens: 12, cacheHitRate: null })
  })

  it.each(['queued', 'streaming'] as const)('marks a %s answer active', (status) => {
    const turns = deriveTurnTimeline([message({ id: 'a1' }), message({ id: 'a2', status })])
    expect(turns.map(turn => [turn.messageId, turn.active, turn.status])).toEqual([['a1', false, 'complete'], ['a2', true, status]])
  })

  it('marks only the last live answer active and never a finished one', () => {
    const turns = deriveTurnTimeline([
      message({ id: 'a1', status: 'streaming' }), message({ id: 'a2', status: 'error' }),
      message({ id: 'a3', status: 'queued' }), message({ id: 'a4', status: 'aborted' }),
    ])
    expect(turns.map(turn => turn.active)).toEqual([false, false, true, false])
    expect(deriveTurnTimeline([message({ status: 'complete' }), message({ status: null })]).some(turn => turn.active)).toBe(false)
  })
})

describe('turn timeline formats', () => {
  it('formats a start time as local HH:MM:SS', () => {
    expect(formatTurnStartTime(new Date(2026, 4, 20, 9, 5, 7).getTime())).toBe('09:05:07')
    expect(formatTurnStartTime(new Date(2026, 4, 20, 23, 59, 0).getTime())).toBe('23:59:00')
  })

  it.each([
    [null, '—'], [0, '0'], [950, '950'], [1000, '1k'], [1234, '1.2k'], [12_345, '12.3k'], [999_999, '1M'], [3_400_000, '3.4M'],
  ] as const)('formats %s tokens as %s', (count, expected) => {
    expect(formatTokenCount(count)).toBe(expected)
  })

  it.each([[null, '—'], [0, '0%'], [0.75, '75%'], [0.666, '67%'], [1, '100%']] as const)('formats a rate of %s as %s', (rate, expected) => {
    expect(formatCacheHitRate(rate)).toBe(expected)
  })

  it('names the anchor of a message after its id', () => {
    expect(messageAnchorId('abc')).toBe('message-abc')
  })
})
