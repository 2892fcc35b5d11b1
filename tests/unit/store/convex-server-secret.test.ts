// Every public Convex function of Errand refuses a call without the server secret, with a wrong one,
// or when the deployment has none configured, and writes nothing when it refuses. The list of
// functions is read from the modules themselves, so a new function cannot slip past these tests.
import { makeFunctionReference } from 'convex/server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeConvexBackend, TEST_SECRET } from './convex-backend'

interface RegisteredFunction { isQuery?: boolean, isMutation?: boolean, isAction?: boolean, isPublic?: boolean }

const functionModules = import.meta.glob<Record<string, unknown>>('../../../convex/*.ts', { eager: true })
const ids = { userId: 'user-1', threadId: 'thread-1', jobId: 'job-1' }
const fence = { userId: ids.userId, jobId: ids.jobId, owner: 'instance-a' }
const toolCall = { id: 'call_1', name: 'calculator', status: 'running', args: {}, round: 1, startedAt: 1 }
const checkpoint = { contentLength: 0, completedToolCallIds: [], state: { round: 1 }, savedAt: 1 }

/** Valid arguments (all but the secret) for every public function, in an order in which each does its work. */
const SAMPLE_ARGUMENTS: Record<string, Record<string, unknown>> = {
  'accounts:count': {},
  'accounts:create': { id: ids.userId, username: 'alice', passwordHash: 'hash', createdAt: 1, now: 1 },
  'accounts:byUsername': { username: 'alice' },
  'accounts:get': { id: ids.userId },
  'accounts:list': {},
  'accounts:setDisabled': { id: ids.userId, disabled: true },
  'accounts:createInvitation': { codeHash: 'a'.repeat(64), createdBy: ids.userId, createdAt: 1, expiresAt: 2 },
  'threads:create': { userId: ids.userId, threadId: ids.threadId, now: 1 },
  'threads:get': { userId: ids.userId, threadId: ids.threadId },
  'threads:list': { userId: ids.userId },
  'threads:update': { userId: ids.userId, threadId: ids.threadId, title: 'Renamed', model: 'm', now: 1 },
  'backgroundJobs:create': {
    ...ids, content: 'Hello', model: 'm', isDemo: false, kind: 'chat', title: null, inputJson: null,
    userMessageId: 'message-1', assistantMessageId: 'message-2', now: 1,
  },
  'messages:list': { userId: ids.userId, threadId: ids.threadId },
  'backgroundJobs:get': { userId: ids.userId, jobId: ids.jobId },
  'jobWatch:since': { userId: ids.userId, jobId: ids.jobId, afterSeq: 0 },
  'backgroundJobs:list': { userId: ids.userId },
  'jobLeases:listClaimable': { now: 1 },
  'jobLeases:claim': { jobId: ids.jobId, owner: 'instance-a', expiresAt: 2, now: 1 },
  'backgroundJobs:markStreaming': { ...fence, now: 1 },
  'jobProgress:updateContent': { ...fence, text: 'x', chunks: 1, lastSeq: 1, now: 1 },
  'jobProgress:appendToolCall': { ...fence, toolCallJson: JSON.stringify(toolCall), now: 1 },
  'jobProgress:upsertToolCalls': { ...fence, toolCallsJson: JSON.stringify([toolCall]), seq: 3, now: 1 },
  'jobProgress:updateMetadata': { ...fence, lastSeq: 2, now: 1 },
  'jobProgress:saveCheckpoint': { ...fence, checkpointJson: JSON.stringify(checkpoint), now: 1 },
  'jobTrees:create': {
    userId: ids.userId, jobId: 'job-2', kind: 'subagent', threadId: null, parentJobId: ids.jobId, model: 'm', isDemo: false,
    title: 'Helper', inputJson: '{"prompt":"p"}', now: 1,
  },
  'jobTrees:listChildren': { userId: ids.userId, parentJobId: ids.jobId },
  'jobLeases:renew': { owner: 'instance-a', jobIds: [ids.jobId, 'job-2'], expiresAt: 3 },
  'jobLeases:rewind': { jobId: ids.jobId, owner: 'instance-a', now: 1 },
  'threads:search': { userId: ids.userId, query: 'HELLO', limit: 10 },
  'jobHousekeeping:listUnfinished': {},
  'backgroundJobs:finish': { ...fence, status: 'complete', error: null, lastSeq: 0, now: 1 },
  'jobLeases:release': { jobId: ids.jobId, owner: 'instance-a' },
  'jobResults:markRead': { userId: ids.userId, jobId: ids.jobId, at: 5 },
  'traces:write': { userId: ids.userId, traces: [] },
  'traces:list': { userId: ids.userId, jobId: ids.jobId, limit: 10 },
  'traces:deleteBefore': { cutoff: 0 },
  'workflowResults:put': { userId: ids.userId, key: 'key-1', value: '{"value":"done"}', now: 1 },
  'workflowResults:get': { userId: ids.userId, key: 'key-1' },
  'workflowResults:deleteBefore': { cutoff: 0 },
  'turns:regenerate': { userId: ids.userId, messageId: 'message-2', model: 'm', isDemo: false, jobId: 'job-3', now: 2 },
  'jobAborts:request': { userId: ids.userId, jobId: 'job-3', now: 2 },
  'turns:edit': {
    userId: ids.userId, messageId: 'message-1', content: 'Hello again', model: 'm', isDemo: false, assistantMessageId: 'message-3',
    jobId: 'job-4', now: 3,
  },
  'userEvents:list': { userId: ids.userId, afterSeq: 0, limit: 100 },
  'userEvents:latestSeq': { userId: ids.userId },
  'jobHousekeeping:cleanup': { cutoff: 1 },
  'uploads:createOrReuse': { uploadId: 'upload-1', userId: ids.userId, sha256: 'a'.repeat(64), mime: 'image/png', size: 1, width: 1, height: 1, now: 1 },
  'uploads:get': { userId: ids.userId, uploadId: 'upload-1' },
  'uploads:attach': { userId: ids.userId, uploadIds: ['upload-1'], threadId: ids.threadId, now: 1 },
  'uploads:countBySha': { sha256: 'a'.repeat(64) },
  'uploads:releaseThread': { userId: ids.userId, threadId: ids.threadId },
  'uploads:deleteOrphans': { cutoff: 1 },
  'uploadBlobs:generateUploadUrl': {},
  'uploadBlobs:record': { key: 'a'.repeat(64), storageId: 'not-a-storage-id' },
  'uploadBlobs:url': { key: 'a'.repeat(64) },
  'uploadBlobs:remove': { key: 'a'.repeat(64) },
  'threads:remove': { userId: ids.userId, threadId: ids.threadId, now: 4 },
}

/** Every public function exported by a module of convex/, as 'module:export' with its kind. */
const publicFunctions = Object.entries(functionModules).flatMap(([path, exports]) => {
  const moduleName = path.replace(/^.*\/convex\//, '').replace(/\.ts$/, '')
  return Object.entries(exports)
    .filter((entry): entry is [string, RegisteredFunction] => typeof entry[1] === 'function' || typeof entry[1] === 'object')
    .filter(([, registered]) => registered.isPublic === true && (registered.isQuery || registered.isMutation || registered.isAction))
    .map(([name, registered]) => ({ name: `${moduleName}:${name}`, kind: registered.isQuery ? 'query' as const : 'mutation' as const }))
})

type Backend = ReturnType<typeof makeConvexBackend>

/** Calls function `name` of `kind` on `backend` with its sample arguments and `secret` (if any). */
function call(backend: Backend, name: string, kind: 'query' | 'mutation', secret?: string) {
  const args = { ...SAMPLE_ARGUMENTS[name], ...(secret === undefined ? {} : { secret }) }
  return kind === 'query'
    ? backend.query(makeFunctionReference<'query'>(name), args)
    : backend.mutation(makeFunctionReference<'mutation'>(name), args)
}

/** The tables of the Errand schema. */
const TABLES = [
  'threads', 'messages', 'message_content_chunks', 'background_jobs', 'job_content_chunks', 'user_events', 'user_event_counters',
  'accounts', 'invitations',
  'uploads', 'upload_blobs', 'traces', 'workflow_results',
] as const

/** The number of rows in every table of the backend. */
const rowCounts = (backend: Backend) => backend.run(async context => Object.fromEntries(await Promise.all(
  TABLES.map(async table => [table, (await context.db.query(table).collect()).length] as const),
)))

/** No rows in any table. */
const EMPTY = Object.fromEntries(TABLES.map(table => [table, 0]))

describe('convex functions and the server secret', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('has sample arguments for exactly the public functions, and each does its work with the right secret', async () => {
    expect(publicFunctions.map(entry => entry.name).sort()).toEqual(Object.keys(SAMPLE_ARGUMENTS).sort())
    vi.stubEnv('ERRAND_CONVEX_SECRET', TEST_SECRET)
    const backend = makeConvexBackend()
    const results: Record<string, unknown> = {}
    for (const name of Object.keys(SAMPLE_ARGUMENTS)) {
      if (name === 'threads:remove') {
        expect(await rowCounts(backend)).toMatchObject({ threads: 1, messages: 2, message_content_chunks: 0, background_jobs: 1, job_content_chunks: 0, accounts: 1, invitations: 1 })
      }
      results[name] = await call(backend, name, publicFunctions.find(entry => entry.name === name)!.kind, TEST_SECRET)
    }
    expect(results).toMatchObject({
      'threads:get': { id: ids.threadId, title: 'New chat' },
      'backgroundJobs:create': { outcome: 'created' },
      'jobLeases:claim': { id: ids.jobId, leaseOwner: 'instance-a', attempts: 1 },
      'jobTrees:create': { outcome: 'created', job: { id: 'job-2', parentJobId: ids.jobId, title: 'Helper' } },
      'jobTrees:listChildren': [{ id: 'job-2' }],
      'jobLeases:renew': { lost: ['job-2'], abortRequested: [] },
      'jobLeases:rewind': { id: ids.jobId, content: '', status: 'streaming' },
      'threads:search': [{ id: ids.threadId }],
      'turns:regenerate': { outcome: 'created', job: { id: 'job-3' } },
      'jobResults:markRead': true,
      'jobAborts:request': 'finished',
      'turns:edit': { outcome: 'created', job: { id: 'job-4' } },
      'threads:remove': true,
      'accounts:create': { ok: true, account: { id: ids.userId, role: 'admin' } },
      'accounts:setDisabled': { disabled: true, sessionVersion: 1 },
      'uploads:get': { id: 'upload-1', attachedAt: null },
      'uploads:countBySha': 1,
      'uploads:releaseThread': [{ id: 'upload-1', threadIds: [ids.threadId] }],
      'uploadBlobs:record': 'invalid',
      'uploadBlobs:url': null,
    })
    expect(results['userEvents:latestSeq']).toBeGreaterThan(0)
    // Removing the thread leaves the account and the invitation.
    expect(await rowCounts(backend)).toMatchObject({
      threads: 0, messages: 0, message_content_chunks: 0, background_jobs: 0, job_content_chunks: 0, user_event_counters: 1, accounts: 1, invitations: 1,
    })
  })

  it.each(publicFunctions)('$name refuses a call without the secret', async ({ name, kind }) => {
    vi.stubEnv('ERRAND_CONVEX_SECRET', TEST_SECRET)
    const backend = makeConvexBackend()
    await expect(call(backend, name, kind)).rejects.toThrow(/secret/)
    expect(await rowCounts(backend)).toEqual(EMPTY)
  })

  it.each(publicFunctions)('$name refuses a wrong secret, one character off or empty', async ({ name, kind }) => {
    vi.stubEnv('ERRAND_CONVEX_SECRET', TEST_SECRET)
    const backend = makeConvexBackend()
    for (const wrong of [`${TEST_SECRET.slice(0, -1)}X`, `${TEST_SECRET}X`, '']) {
      await expect(call(backend, name, kind, wrong)).rejects.toThrow(/^Wrong server secret: this function is only for the Errand server/)
    }
    expect(await rowCounts(backend)).toEqual(EMPTY)
  })

  it.each(publicFunctions)('$name refuses every call while the deployment has no secret', async ({ name, kind }) => {
    vi.stubEnv('ERRAND_CONVEX_SECRET', '')
    const backend = makeConvexBackend()
    await expect(call(backend, name, kind, TEST_SECRET)).rejects.toThrow(/^ERRAND_CONVEX_SECRET is not set on this Convex deployment/)
    expect(await rowCounts(backend)).toEqual(EMPTY)
  })
})
