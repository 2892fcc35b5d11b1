// The isolation matrix's route table: one entry per file under server/api, saying how user B is kept
// from user A's data on that route. isolation.test.ts fails for a route file without an entry, so every
// route added later must be added here. Paths get A's resources (a thread and a finished job).

/** What user A owns when the matrix runs. */
export interface OwnedResources {
  threadId: string
  jobId: string
  userId: string
  userMessageId: string
  assistantMessageId: string
  /** A sub-agent the finished turn spawned. */
  subagentId: string
  /** An image A uploaded. */
  uploadId: string
}

export type IsolationEntry =
  /** B names A's resource: the answer is 404 (never 403), and A's data is unchanged. */
  | { kind: 'foreign-id'; method: string; path: (a: OwnedResources) => string; body?: unknown; bodyFor?: (a: OwnedResources) => unknown }
  /** B lists their own things: 200 and nothing of A's in the answer. */
  | { kind: 'own-list'; path: (a: OwnedResources) => string }
  /** Admin only: B (a member) gets the 404 an unknown route gets. */
  | { kind: 'admin-only'; method: string; path: (a: OwnedResources) => string; body?: unknown }
  /** Holds no user data (or only the caller's own session); `reason` says why. */
  | { kind: 'no-user-data'; reason: string }

export const ISOLATION_ROUTES: Record<string, IsolationEntry> = {
  'health.get.ts': { kind: 'no-user-data', reason: 'process counts only' },
  'metrics.get.ts': { kind: 'no-user-data', reason: 'aggregate Prometheus metrics, no ids or text' },
  'models.get.ts': { kind: 'no-user-data', reason: 'the configured model list' },
  'tools.get.ts': { kind: 'no-user-data', reason: 'the registered tool list' },
  '_debug/state.get.ts': { kind: 'no-user-data', reason: '404 unless NUXT_DEBUG_ENDPOINTS; structure sizes only' },
  'auth/me.get.ts': { kind: 'no-user-data', reason: 'the caller\'s own account' },
  'auth/signin.post.ts': { kind: 'no-user-data', reason: 'starts the caller\'s own session' },
  'auth/signup.post.ts': { kind: 'no-user-data', reason: 'creates the caller\'s own account' },
  'auth/signout.post.ts': { kind: 'no-user-data', reason: 'ends the caller\'s own session' },
  'threads/index.get.ts': { kind: 'own-list', path: () => '/api/threads' },
  'threads/index.post.ts': { kind: 'no-user-data', reason: 'creates a thread of the caller\'s' },
  'threads/[id].patch.ts': { kind: 'foreign-id', method: 'PATCH', path: a => `/api/threads/${a.threadId}`, body: { title: 'taken over' } },
  'threads/[id].delete.ts': { kind: 'foreign-id', method: 'DELETE', path: a => `/api/threads/${a.threadId}` },
  'threads/[id]/messages.get.ts': { kind: 'foreign-id', method: 'GET', path: a => `/api/threads/${a.threadId}/messages` },
  'threads/[id]/messages.post.ts': { kind: 'foreign-id', method: 'POST', path: a => `/api/threads/${a.threadId}/messages`, body: { content: 'hello' } },
  'jobs/index.get.ts': { kind: 'own-list', path: a => `/api/jobs?threadId=${a.threadId}` },
  'jobs/[id]/status.get.ts': { kind: 'foreign-id', method: 'GET', path: a => `/api/jobs/${a.jobId}/status` },
  'jobs/[id]/stream.get.ts': { kind: 'foreign-id', method: 'GET', path: a => `/api/jobs/${a.jobId}/stream` },
  'jobs/[id]/abort.post.ts': { kind: 'foreign-id', method: 'POST', path: a => `/api/jobs/${a.jobId}/abort` },
  'events.get.ts': { kind: 'no-user-data', reason: 'streams only the caller\'s own feed (user from the session); per-user delivery is pinned by tests/unit/feed/user-feed-hub.test.ts' },
  'jobs/[id]/children.get.ts': { kind: 'foreign-id', method: 'GET', path: a => `/api/jobs/${a.jobId}/children` },
  'messages/[id]/regenerate.post.ts': { kind: 'foreign-id', method: 'POST', path: a => `/api/messages/${a.assistantMessageId}/regenerate`, body: {} },
  'messages/[id]/edit.post.ts': { kind: 'foreign-id', method: 'POST', path: a => `/api/messages/${a.userMessageId}/edit`, body: { content: 'taken over' } },
  'subagents/index.get.ts': { kind: 'own-list', path: () => '/api/subagents' },
  'subagents/[id].get.ts': { kind: 'foreign-id', method: 'GET', path: a => `/api/subagents/${a.subagentId}` },
  'subagents/[id]/cancel.post.ts': { kind: 'foreign-id', method: 'POST', path: a => `/api/subagents/${a.subagentId}/cancel` },
  'subagents/[id]/retry.post.ts': { kind: 'foreign-id', method: 'POST', path: a => `/api/subagents/${a.subagentId}/retry` },
  'subagents/[id]/continue.post.ts': { kind: 'foreign-id', method: 'POST', path: a => `/api/subagents/${a.subagentId}/continue` },
  'threads/[id]/traces.get.ts': { kind: 'foreign-id', method: 'GET', path: a => `/api/threads/${a.threadId}/traces` },
  'jobs/[id]/traces.get.ts': { kind: 'foreign-id', method: 'GET', path: a => `/api/jobs/${a.jobId}/traces` },
  'workflows/index.get.ts': { kind: 'no-user-data', reason: 'the workflow catalog (operator files and built-ins), the same for everyone' },
  'workflows/rescan.post.ts': { kind: 'no-user-data', reason: 'rescans the catalog folders; answers the catalog' },
  'workflows/[name]/run.post.ts': { kind: 'foreign-id', method: 'POST', path: () => '/api/workflows/multi-review/run', bodyFor: a => ({ args: { prompt: 'x' }, threadId: a.threadId }) },
  'uploads/index.post.ts': { kind: 'no-user-data', reason: 'stores the caller\'s own upload; reading another user\'s is uploads/[id].get.ts' },
  'uploads/[id].get.ts': { kind: 'foreign-id', method: 'GET', path: a => `/api/uploads/${a.uploadId}` },
  'admin/users.get.ts': { kind: 'admin-only', method: 'GET', path: () => '/api/admin/users' },
  'admin/invitations.post.ts': { kind: 'admin-only', method: 'POST', path: () => '/api/admin/invitations' },
  'admin/users/[id]/[action].post.ts': { kind: 'admin-only', method: 'POST', path: a => `/api/admin/users/${a.userId}/disable` },
}
