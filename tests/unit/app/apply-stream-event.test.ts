// Pins the viewer's event reducer: strict seq order, idempotent replays, snapshots, tool-call upserts.
import { describe, expect, it } from 'vitest'
import { applyStreamEvent, createJobStreamState, parseJobEventData } from '../../../app/utils/apply-stream-event'
import type { JobStreamState } from '../../../app/utils/apply-stream-event'
import type { JobEvent } from '#shared/types/job-event'
import type { JobSnapshot } from '#shared/types/job'
import type { ToolCallState } from '#shared/types/tool-call'

const delta = (seq: number, text: string): JobEvent => ({ type: 'delta', seq, text, at: 1000 + seq })

function applyAll(events: JobEvent[], state: JobStreamState = createJobStreamState('job-1')): JobStreamState {
  return events.reduce(applyStreamEvent, state)
}

function snapshot(seq: number, overrides: Partial<JobSnapshot> = {}): JobEvent {
  return {
    type: 'snapshot',
    seq,
    job: {
      id: 'job-1', threadId: 'thread-1', messageId: 'message-2', kind: 'chat', status: 'streaming',
      model: 'demo', isDemo: true, content: 'Hello from the snapshot', toolCalls: [], usage: null, error: null,
      startedAt: 10, finishedAt: null, ...overrides,
    },
  }
}

function toolCall(overrides: Partial<ToolCallState> = {}): ToolCallState {
  return { id: 'call_1', name: 'calculator', status: 'running', args: { expression: '2+2' }, round: 1, startedAt: 100, ...overrides }
}

describe('applyStreamEvent', () => {
  it('concatenates deltas in seq order and records the last seq', () => {
    const state = applyAll([delta(1, 'Hel'), delta(2, 'lo'), delta(3, ' world')])
    expect(state.content).toBe('Hello world')
    expect(state.lastSeq).toBe(3)
  })

  it('ignores an event whose seq was already applied (replay after a reconnect)', () => {
    const state = applyAll([delta(1, 'A'), delta(2, 'B'), delta(2, 'B'), delta(1, 'A'), delta(3, 'C')])
    expect(state.content).toBe('ABC')
    expect(state.lastSeq).toBe(3)
  })

  it('returns the same state object for an ignored event', () => {
    const state = applyAll([delta(1, 'A'), delta(2, 'B')])
    expect(applyStreamEvent(state, delta(2, 'B'))).toBe(state)
  })

  it('starts after the seq it resumes from', () => {
    const state = applyAll([delta(4, 'old'), delta(5, 'new')], createJobStreamState('job-1', 4))
    expect(state.content).toBe('new')
  })

  it('replaces the whole state with a snapshot at or after the last seq', () => {
    const before = applyAll([delta(1, 'partial '), delta(2, 'text')])
    const after = applyStreamEvent(before, snapshot(7))
    expect(after).toMatchObject({
      jobId: 'job-1', messageId: 'message-2', status: 'streaming', content: 'Hello from the snapshot',
      isDemo: true, model: 'demo', lastSeq: 7,
    })
    expect(applyStreamEvent(after, delta(8, '!')).content).toBe('Hello from the snapshot!')
    expect(applyStreamEvent(after, delta(7, 'dup')).content).toBe('Hello from the snapshot')
  })

  it('always applies a snapshot and resets the cursor to its seq, even a lower one', () => {
    const state = applyAll([delta(1, 'a'), delta(2, 'b'), delta(3, 'c')])
    expect(applyStreamEvent(state, snapshot(3, { content: 'abc' })).content).toBe('abc')
    const reset = applyStreamEvent(state, snapshot(2, { content: 'ab' }))
    expect(reset).toMatchObject({ content: 'ab', lastSeq: 2 })
    expect(applyStreamEvent(reset, delta(3, 'C')).content).toBe('abC')
  })

  it('upserts tool calls by id, keeping their first position', () => {
    const state = applyAll([
      { type: 'tool_call', seq: 1, toolCall: toolCall() },
      { type: 'tool_call', seq: 2, toolCall: toolCall({ id: 'call_2', name: 'clock' }) },
      { type: 'tool_call', seq: 3, toolCall: toolCall({ status: 'completed', result: 4, finishedAt: 180 }) },
    ])
    expect(state.toolCalls.map(call => [call.id, call.status])).toEqual([['call_1', 'completed'], ['call_2', 'running']])
    expect(state.toolCalls[0]?.result).toBe(4)
  })

  it('records usage, terminal status and its error', () => {
    const usage = { promptTokens: 10, completionTokens: 5, cachedTokens: 0, reasoningTokens: 0 }
    const state = applyAll([
      { type: 'status', seq: 1, status: 'streaming' },
      delta(2, 'Part'),
      { type: 'usage', seq: 3, usage },
      { type: 'log', seq: 4, level: 'warn', message: 'retrying', at: 1, phase: null },
      { type: 'status', seq: 5, status: 'error', error: 'The model endpoint answered 500' },
    ])
    expect(state).toMatchObject({ status: 'error', error: 'The model endpoint answered 500', usage, content: 'Part', lastSeq: 5 })
  })

  it('keeps the text written before an abort', () => {
    const state = applyAll([delta(1, 'Half an ans'), { type: 'status', seq: 2, status: 'aborted' }])
    expect(state).toMatchObject({ status: 'aborted', content: 'Half an ans', error: null })
  })
})

describe('parseJobEventData', () => {
  it('reads a JSON event and falls back to the frame id for its seq', () => {
    expect(parseJobEventData('{"type":"delta","seq":3,"text":"x","at":1}')).toMatchObject({ type: 'delta', seq: 3 })
    expect(parseJobEventData('{"type":"delta","text":"x","at":1}', '9')).toMatchObject({ seq: 9 })
  })

  it('rejects frames that are not job events', () => {
    expect(parseJobEventData('not json')).toBeNull()
    expect(parseJobEventData('{"seq":1}')).toBeNull()
    expect(parseJobEventData('{"type":"delta"}')).toBeNull()
    expect(parseJobEventData('null')).toBeNull()
  })
})
