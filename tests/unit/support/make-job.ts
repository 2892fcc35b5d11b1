// Builds a Job record with defaults for tests that need one without a store.
import type { Job } from '#shared/types/job'

let counter = 0

export function makeJob(overrides: Partial<Job> = {}): Job {
  counter += 1
  const now = Date.now()
  return {
    id: `job-${counter}`, userId: 'user-a', threadId: 'thread-1', messageId: `message-${counter}`, parentJobId: null,
    kind: 'chat', title: null, input: null, status: 'queued', model: 'mock/hello', isDemo: false, content: '', chunksReceived: 0,
    toolCalls: [], toolRounds: [], usage: null, error: null, lastSeq: 0,
    attempts: 0, leaseOwner: null, leaseExpiresAt: null, checkpoint: null, abortRequestedAt: null,
    createdAt: now, startedAt: null, finishedAt: null, updatedAt: now,
    ...overrides,
  }
}
