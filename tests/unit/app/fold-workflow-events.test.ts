// The shared reducer folds `node` events (replace by id, phases listed once) and `log` events into the
// job's workflow state, the same in server and browser; other jobs' state gains nothing.
import { describe, expect, it } from 'vitest'
import type { JobSnapshot } from '#shared/types/job'
import type { WorkflowNode } from '#shared/types/workflow'
import { applyJobEvent } from '#shared/utils/apply-job-event'

const snapshot: JobSnapshot = {
  id: 'j1', threadId: 't1', messageId: 'm1', parentJobId: null, kind: 'workflow', title: 'deep-research', status: 'streaming', model: 'mock/x',
  isDemo: false, content: '', toolCalls: [], usage: null, error: null, startedAt: 1, finishedAt: null,
  workflow: { name: 'deep-research', phases: [], nodes: [], logs: [] },
}
const node = (patch: Partial<WorkflowNode>): WorkflowNode => ({
  id: 'planner', agent: 'planner', phase: 'plan', status: 'active', startedAt: 1, finishedAt: null, tokens: 0, toolCalls: [], output: '', error: null, ...patch,
})

describe('folding workflow events', () => {
  it('adds a node, replaces it by id in place and lists each phase once', () => {
    let state = applyJobEvent(snapshot, { type: 'node', node: node({}) })
    state = applyJobEvent(state, { type: 'node', node: node({ id: 'research-0', agent: 'research-0', phase: 'research' }) })
    state = applyJobEvent(state, { type: 'node', node: node({ status: 'completed', output: 'plan', tokens: 15 }) })
    expect(state.workflow!.nodes.map(entry => [entry.id, entry.status])).toEqual([['planner', 'completed'], ['research-0', 'active']])
    expect(state.workflow!.phases).toEqual(['plan', 'research'])
    expect(snapshot.workflow!.nodes).toEqual([])
  })

  it('appends log lines with their phase', () => {
    const state = applyJobEvent(snapshot, { type: 'log', level: 'info', message: '2 of 3 parts answered', at: 5, phase: 'research' })
    expect(state.workflow!.logs).toEqual([{ at: 5, level: 'info', message: '2 of 3 parts answered', phase: 'research' }])
  })
})
