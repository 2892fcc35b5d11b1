// The Convex data model behind the `convex` store provider: threads, messages, background jobs, the
// chunks their streamed text is kept in, each user's feed events, and image uploads with their blobs. Field names are snake_case like
// the SQLite columns; every row carries Errand's own id (a UUID) beside Convex's `_id`. Queries and
// rules live in the function files.
import { defineSchema, defineTable } from 'convex/server'
import { v } from 'convex/values'
import {
  jobKindValidator, jobStatusValidator, messageRoleValidator, nullable, toolRoundValidator, usageValidator,
  userFeedEventBodyValidator,
} from './lib/validators'

export default defineSchema({
  threads: defineTable({
    thread_id: v.string(),
    user_id: v.string(),
    title: v.string(),
    disabled_tools: v.array(v.string()),
    enabled_tools: v.array(v.string()),
    /** The model last chosen in the thread; null until one is chosen. */
    model: nullable(v.string()),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index('by_thread_id', ['thread_id'])
    .index('by_user_updated', ['user_id', 'updated_at']),

  messages: defineTable({
    message_id: v.string(),
    thread_id: v.string(),
    user_id: v.string(),
    role: messageRoleValidator,
    /** The text, or its first piece when it is longer than one document may hold. */
    content: v.string(),
    /** How many further pieces of the text `message_content_chunks` holds (0 for nearly every message). */
    content_overflow_chunks: v.number(),
    job_id: nullable(v.string()),
    status: nullable(jobStatusValidator),
    error: nullable(v.string()),
    model: nullable(v.string()),
    is_demo: v.boolean(),
    /** ToolCallState[] as JSON. */
    tool_calls: v.string(),
    usage: nullable(usageValidator),
    created_at: v.number(),
    /** User messages: their image parts (Upload[]) as JSON; absent on rows written before images existed. */
    attachments_json: v.optional(v.string()),
  })
    .index('by_message_id', ['message_id'])
    .index('by_thread_created', ['thread_id', 'created_at']),

  message_content_chunks: defineTable({
    message_id: v.string(),
    index: v.number(),
    text: v.string(),
  }).index('by_message', ['message_id', 'index']),

  background_jobs: defineTable({
    job_id: v.string(),
    user_id: v.string(),
    /** Null for a job outside any thread. */
    thread_id: nullable(v.string()),
    /** The assistant message the job writes; null for jobs that write none (sub-agents, workflows). */
    message_id: nullable(v.string()),
    /** The job that started this one; null for a root job. */
    parent_job_id: nullable(v.string()),
    type: jobKindValidator,
    title: nullable(v.string()),
    status: jobStatusValidator,
    model: v.string(),
    is_demo: v.boolean(),
    /** The index the next `job_content_chunks` row of this job gets. */
    next_chunk_index: v.number(),
    chunks_received: v.number(),
    /**
     * ToolCallState[] as JSON: only calls written before tool calls became `job_tool_calls` rows (moved
     * into rows on the job's next tool-call write); '[]' for every newer job.
     */
    tool_calls: v.string(),
    tool_rounds: v.array(toolRoundValidator),
    /** What the kind needs to start (a Record<string, unknown> as JSON); null for chat turns. */
    input: nullable(v.string()),
    usage: nullable(usageValidator),
    error: nullable(v.string()),
    last_seq: v.number(),
    created_at: v.number(),
    started_at: nullable(v.number()),
    finished_at: nullable(v.number()),
    updated_at: v.number(),
    attempts: v.number(),
    lease_owner: nullable(v.string()),
    lease_expires_at: nullable(v.number()),
    /** JobCheckpoint as JSON (its `state` belongs to the job's kind). */
    checkpoint: nullable(v.string()),
    /** When a stop was requested; the lease owner's heartbeat sees it. */
    abort_requested_at: nullable(v.number()),
    /** When the job's result was first collected; null or absent (rows written before it existed) until then. */
    result_read_at: v.optional(nullable(v.number())),
    /** Progress cursors below this cannot be served (raised by a rewind); absent means 0. */
    text_floor: v.optional(v.number()),
  })
    .index('by_job_id', ['job_id'])
    .index('by_thread_message', ['thread_id', 'message_id'])
    .index('by_user_status', ['user_id', 'status'])
    .index('by_parent_created', ['parent_job_id', 'created_at'])
    .index('by_status_created', ['status', 'created_at'])
    .index('by_finished_at', ['finished_at']),

  /** The streamed text of a job: one row per flush, in `index` order, never rewritten as it grows. */
  job_content_chunks: defineTable({
    job_id: v.string(),
    index: v.number(),
    text: v.string(),
    /** The seq of the flush's last delta event; absent on rows written before progress reads existed. */
    last_seq: v.optional(v.number()),
  })
    .index('by_job', ['job_id', 'index'])
    .index('by_job_seq', ['job_id', 'last_seq']),

  /** A job's tool calls, one row per call: a change of one call rewrites only its row. */
  job_tool_calls: defineTable({
    job_id: v.string(),
    call_id: v.string(),
    /** The order of the call's first write within the job. */
    ordinal: v.number(),
    /** The seq of the tool_call event that last changed it. */
    seq: v.number(),
    /** ToolCallState as JSON (model-made JSON may hold keys Convex values cannot carry). */
    state_json: v.string(),
  })
    .index('by_job_ordinal', ['job_id', 'ordinal'])
    .index('by_job_call', ['job_id', 'call_id'])
    .index('by_job_seq', ['job_id', 'seq']),

  /**
   * One trace row per model round or tool call. The trace itself is `trace_json` (model-made JSON may
   * hold keys Convex values cannot carry), encoded once; the indexed fields beside it are copies.
   */
  traces: defineTable({
    trace_id: v.string(),
    user_id: v.string(),
    job_id: v.string(),
    thread_id: nullable(v.string()),
    turn: v.number(),
    started_at: v.number(),
    trace_json: v.string(),
  })
    .index('by_trace_id', ['trace_id'])
    .index('by_thread_turn', ['thread_id', 'turn', 'started_at'])
    .index('by_job_turn', ['job_id', 'turn', 'started_at'])
    .index('by_started_at', ['started_at']),

  /** The per-user live feed: one row per thread or job change, written by the mutation making it. */
  user_events: defineTable({
    user_id: v.string(),
    /** Strictly increasing per user (taken from `user_event_counters`), never reused after pruning. */
    seq: v.number(),
    at: v.number(),
    body: userFeedEventBodyValidator,
  })
    .index('by_user_seq', ['user_id', 'seq'])
    .index('by_at', ['at']),

  /** The last feed seq handed out per user; outlives the events themselves, so seqs never go back. */
  user_event_counters: defineTable({
    user_id: v.string(),
    last_seq: v.number(),
  }).index('by_user', ['user_id']),
  /** Accounts mode (convex/accounts.ts): one row per person; the password only as its scrypt hash. */
  accounts: defineTable({
    account_id: v.string(),
    username: v.string(),
    password_hash: v.string(),
    role: v.union(v.literal('admin'), v.literal('member')),
    disabled: v.boolean(),
    session_version: v.number(),
    created_at: v.number(),
  })
    .index('by_account_id', ['account_id'])
    .index('by_username', ['username']),

  /** Invitations to sign up, keyed by the SHA-256 of the code (the code itself is never stored). */
  invitations: defineTable({
    code_hash: v.string(),
    created_by: v.string(),
    created_at: v.number(),
    expires_at: v.number(),
    used_by: nullable(v.string()),
  }).index('by_code_hash', ['code_hash']),

  /** The upload index (docs/uploads.md): one row per user and SHA-256. */
  uploads: defineTable({
    upload_id: v.string(),
    user_id: v.string(),
    sha256: v.string(),
    mime: v.string(),
    size: v.number(),
    width: v.number(),
    height: v.number(),
    created_at: v.number(),
    /** When a message first referenced it; null while it is an orphan. */
    attached_at: nullable(v.number()),
    /** The threads with a message referencing it. */
    thread_ids: v.array(v.string()),
  })
    .index('by_upload_id', ['upload_id'])
    .index('by_user_sha', ['user_id', 'sha256'])
    .index('by_sha', ['sha256'])
    .index('by_user', ['user_id'])
    .index('by_orphan', ['attached_at', 'created_at']),

  /** Upload bytes in Convex file storage, by blob key (`<sha256>` or `<sha256>.thumb`). */
  upload_blobs: defineTable({
    key: v.string(),
    storage_id: v.id('_storage'),
  }).index('by_key', ['key']),

  /** The workflow result cache: a step's result (`{ value }` as JSON text) per user and cache key. */
  workflow_results: defineTable({
    user_id: v.string(),
    cache_key: v.string(),
    value: v.string(),
    created_at: v.number(),
  }).index('by_user_key', ['user_id', 'cache_key']).index('by_created_at', ['created_at']),
})
