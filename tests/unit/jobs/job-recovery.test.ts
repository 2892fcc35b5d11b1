import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Job } from '#shared/types/job'
import { initialRunState } from '../../../server/core/agent/loop-state'
import { checkpointOf } from '../../../server/core/agent/run-checkpoint'
import { buildChatHistory } from '../../../server/core/kinds/chat/chat-history'
import type { LlmMessage } from '../../../server/core/llm/types'
import { recoverJobs } from '../../../server/core/jobs/durability/job-recovery'
import { defineServerTool } from '../../../server/core/tooling/define-server-tool'
import type { LlmStreamPart } from '../../../server/core/llm/types'
import { FakeSink } from '../support/fake-sink'
import { createJobHarness, silentLogger, type JobHarness } from '../support/job-harness'
import { scriptedLlm, text } from '../support/scripted-llm'

const finish = (reason: string): LlmStreamPart => ({ type: 'finish', reason })

function countingTool(calls: string[]) {
  return defineServerTool({
    name: 'count', description: 'Counts its calls', schema: z.object({ label: z.string() }),
    handler: ({ label }) => { calls.push(label); return { counted: label } },
  })
}

/** What round 1 added before the instance died: the assistant's two calls and the first call's result. */
const ROUND_ONE: LlmMessage[] = [
  { role: 'assistant', content: 'Counting. ', tool_calls: [
    { id: 'c1', type: 'function', function: { name: 'count', arguments: '{"label":"one"}' } },
    { id: 'c2', type: 'function', function: { name: 'count', arguments: '{"label":"two"}' } },
  ] },
  { role: 'tool', tool_call_id: 'c1', content: '{"counted":"one"}' },
]
const PROGRESS = { round: 2, usage: null, rounds: [], textLength: 'Counting. '.length, toolRoundsDone: 0 }

/**
 * The checkpoint's state in each format: today's (only what the run added, over a fingerprint of the
 * history it started from — `startedFrom` stands in for a history that has changed since), or the one
 * servers wrote before it (the whole conversation, exactly as it was stored).
 */
async function stateOf(harness: JobHarness, job: Job, format: 'incremental' | 'whole', startedFrom?: LlmMessage[]): Promise<unknown> {
  if (format === 'whole') {
    return { ...PROGRESS, messages: [{ role: 'system', content: 'system' }, { role: 'user', content: 'count twice' }, ...ROUND_ONE] }
  }
  const history = startedFrom ?? await buildChatHistory(harness.store, job)
  return checkpointOf({ ...initialRunState(history), ...PROGRESS, messages: [...history, ...ROUND_ONE] }).state
}

/** A job a dead instance left mid-way: its lease expired, its checkpoint inside round 1's tool calls. */
async function leaveInterruptedJob(
  harness: JobHarness,
  options: { attempts?: number; checkpoint?: boolean; format?: 'incremental' | 'whole'; startedFrom?: LlmMessage[] } = {},
): Promise<Job> {
  const { store } = harness
  const thread = await store.createThread('alice', {})
  const turn = await store.createTurn('alice', { threadId: thread.id, content: 'count twice', model: 'mock/x', isDemo: false })
  const jobId = turn!.job.id
  for (let attempt = 0; attempt < (options.attempts ?? 1) - 1; attempt += 1) {
    await store.claimJobLease(jobId, `dead-${attempt}`, Date.now() + 60_000, Date.now())
    await store.claimJobLease(jobId, `dead-${attempt}`, 1, 0)
  }
  await store.claimJobLease(jobId, 'dead-instance', Date.now() - 1, Date.now() - 10)
  const dead = { owner: 'dead-instance' }
  await store.markJobStreaming('alice', jobId, dead)
  await store.appendJobContent('alice', jobId, { text: 'Counting. ', chunks: 1, lastSeq: 3 }, dead)
  if (options.checkpoint !== false) {
    const job = (await store.getJob('alice', jobId))!
    const state = await stateOf(harness, job, options.format ?? 'incremental', options.startedFrom)
    await store.saveCheckpoint('alice', jobId, { contentLength: 'Counting. '.length, completedToolCallIds: ['c1'], state, savedAt: Date.now() }, dead)
  }
  await store.appendToolCall('alice', jobId, { id: 'c1', name: 'count', status: 'completed', args: { label: 'one' }, result: { counted: 'one' }, round: 1, startedAt: 1, finishedAt: 2 }, dead)
  await store.appendToolCall('alice', jobId, { id: 'c2', name: 'count', status: 'running', args: { label: 'two' }, round: 1, startedAt: 1 }, dead)
  // Text of the interrupted round that reached the store but not the checkpoint.
  await store.appendJobContent('alice', jobId, { text: 'partial words of a lost round', chunks: 1, lastSeq: 9 }, dead)
  return (await store.getJob('alice', jobId))!
}

const recover = (harness: JobHarness) => recoverJobs({
  store: harness.store, runner: harness.runner, registry: harness.registry, leaseMs: 60_000, maxAttempts: 3, logger: silentLogger,
})

describe('recovering interrupted jobs', () => {
  it('resumes from the checkpoint: runs only the unfinished tool call, re-requests the round, drops its partial text', async () => {
    const calls: string[] = []
    const harness = createJobHarness(scriptedLlm(() => ({ parts: [text('Counted both.'), finish('stop')] })))
    harness.tools.registerTool(countingTool(calls))
    const job = await leaveInterruptedJob(harness)
    const viewer = new FakeSink()
    expect(await recover(harness)).toEqual({ resumed: 1, requeued: 0, failed: 0 })
    harness.registry.get(job.id)!.attach(viewer, 9)
    const ended = await harness.waitForEnd(job)
    expect(calls).toEqual(['two'])
    expect(ended).toMatchObject({ status: 'complete', content: 'Counting. \n\nCounted both.', attempts: 2, leaseOwner: null })
    expect(ended.toolCalls.map(call => [call.id, call.status])).toEqual([['c1', 'completed'], ['c2', 'completed']])
    const sent = harness.llm.requests[0]!.messages
    expect(sent.filter(message => message.role === 'tool').map(message => message.tool_call_id)).toEqual(['c1', 'c2'])
    expect(viewer.events[0]).toMatchObject({ type: 'snapshot', job: { content: 'Counting. ' } })
    expect(viewer.events[0]!.seq).toBeGreaterThan(9)
  })

  it('rebuilds the history the run started from (the thread\'s, with the system prompt) and continues with the stored additions', async () => {
    const harness = createJobHarness(scriptedLlm(() => ({ parts: [text('Counted both.'), finish('stop')] })))
    harness.tools.registerTool(countingTool([]))
    const job = await leaveInterruptedJob(harness)
    const stored = (await harness.store.getJob('alice', job.id))!.checkpoint!.state as Record<string, unknown>
    expect(stored).not.toHaveProperty('messages')
    expect(stored).toMatchObject({ format: 'incremental', history: { count: 2 }, added: ROUND_ONE })
    await recover(harness)
    expect(await harness.waitForEnd(job)).toMatchObject({ status: 'complete', content: 'Counting. \n\nCounted both.' })
    const history = await buildChatHistory(harness.store, job)
    expect(harness.llm.requests[0]!.messages).toEqual([...history, ...ROUND_ONE, { role: 'tool', tool_call_id: 'c2', content: '{"counted":"two"}' }])
  })

  it('still resumes a checkpoint written before checkpoints stored only additions (the whole conversation)', async () => {
    const calls: string[] = []
    const harness = createJobHarness(scriptedLlm(() => ({ parts: [text('Counted both.'), finish('stop')] })))
    harness.tools.registerTool(countingTool(calls))
    const job = await leaveInterruptedJob(harness, { format: 'whole' })
    expect(await recover(harness)).toMatchObject({ resumed: 1 })
    expect(await harness.waitForEnd(job)).toMatchObject({ status: 'complete', content: 'Counting. \n\nCounted both.' })
    expect(calls).toEqual(['two'])
    // The stored conversation is what the model gets, as it was (its own system prompt included).
    expect(harness.llm.requests[0]!.messages.slice(0, 2)).toEqual([{ role: 'system', content: 'system' }, { role: 'user', content: 'count twice' }])
  })

  it('fails the job with a clear error when the rebuilt history is not the one the checkpoint was taken over', async () => {
    const calls: string[] = []
    const harness = createJobHarness(scriptedLlm(() => ({ parts: [text('never'), finish('stop')] })))
    harness.tools.registerTool(countingTool(calls))
    const job = await leaveInterruptedJob(harness, { startedFrom: [{ role: 'system', content: 'system' }, { role: 'user', content: 'count three times' }] })
    expect(await recover(harness)).toMatchObject({ resumed: 1 })
    const ended = await harness.waitForEnd(job)
    expect(ended).toMatchObject({ status: 'error', error: expect.stringMatching(/^interrupted: the conversation changed .*Retry/) })
    expect(harness.llm.requests).toHaveLength(0)
    expect(calls).toEqual([])
  })

  it('ends a job that was started too often with reason "interrupted"', async () => {
    const harness = createJobHarness(scriptedLlm(() => ({ parts: [text('never'), finish('stop')] })))
    const job = await leaveInterruptedJob(harness, { attempts: 3 })
    expect(await recover(harness)).toEqual({ resumed: 0, requeued: 0, failed: 1 })
    const ended = await harness.store.getJob('alice', job.id)
    expect(ended).toMatchObject({ status: 'error', error: expect.stringMatching(/^interrupted: .*3 times.*Retry/) })
    expect(harness.llm.requests).toHaveLength(0)
  })

  it('ends a streaming job without a checkpoint with reason "interrupted"', async () => {
    const harness = createJobHarness(scriptedLlm(() => ({ parts: [text('never'), finish('stop')] })))
    const job = await leaveInterruptedJob(harness, { checkpoint: false })
    expect(await recover(harness)).toMatchObject({ failed: 1 })
    expect(await harness.store.getJob('alice', job.id)).toMatchObject({ status: 'error', error: expect.stringMatching(/^interrupted/) })
  })

  it('starts a job a dead instance had only queued', async () => {
    const harness = createJobHarness(scriptedLlm(() => ({ parts: [text('fresh start'), finish('stop')] })))
    const thread = await harness.store.createThread('alice', {})
    const turn = await harness.store.createTurn('alice', { threadId: thread.id, content: 'hi', model: 'mock/x', isDemo: false })
    await harness.store.claimJobLease(turn!.job.id, 'dead-instance', Date.now() - 1, Date.now() - 10)
    expect(await recover(harness)).toMatchObject({ requeued: 1 })
    expect(await harness.waitForEnd(turn!.job)).toMatchObject({ status: 'complete', content: 'fresh start' })
  })

  it('leaves a job nobody has claimed yet to the process that just created it, and takes it once leaseMs passed', async () => {
    const harness = createJobHarness(scriptedLlm(() => ({ parts: [text('mine'), finish('stop')] })))
    const thread = await harness.store.createThread('alice', {})
    const turn = await harness.store.createTurn('alice', { threadId: thread.id, content: 'hi', model: 'mock/x', isDemo: false })
    expect(await recover(harness)).toEqual({ resumed: 0, requeued: 0, failed: 0 })
    expect(harness.llm.requests).toHaveLength(0)
    const later = await recoverJobs({
      store: harness.store, runner: harness.runner, registry: harness.registry, leaseMs: 0, maxAttempts: 3, logger: silentLogger,
    })
    expect(later).toMatchObject({ requeued: 1 })
    expect(await harness.waitForEnd(turn!.job)).toMatchObject({ status: 'complete', content: 'mine' })
  })

  it('leaves alone a job whose lease is still held by a live instance', async () => {
    const harness = createJobHarness(scriptedLlm(() => ({ parts: [text('x'), finish('stop')] })))
    const thread = await harness.store.createThread('alice', {})
    const turn = await harness.store.createTurn('alice', { threadId: thread.id, content: 'hi', model: 'mock/x', isDemo: false })
    await harness.store.claimJobLease(turn!.job.id, 'alive-instance', Date.now() + 60_000, Date.now())
    expect(await recover(harness)).toEqual({ resumed: 0, requeued: 0, failed: 0 })
    expect(harness.llm.requests).toHaveLength(0)
  })

  it('honours a stop requested before the owner died: finished aborted, not resumed', async () => {
    const harness = createJobHarness(scriptedLlm(() => ({ parts: [text('never'), finish('stop')] })))
    harness.tools.registerTool(countingTool([]))
    const job = await leaveInterruptedJob(harness)
    // The lease has expired, so the store finishes it at once.
    expect(await harness.store.requestJobAbort('alice', job.id, Date.now())).toBe('finished')
    expect(await recover(harness)).toEqual({ resumed: 0, requeued: 0, failed: 0 })
    expect(await harness.store.getJob('alice', job.id)).toMatchObject({ status: 'aborted', content: job.content })
    expect(harness.llm.requests).toHaveLength(0)
  })
})
