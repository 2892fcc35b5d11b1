// The SQLite schema as an ordered list of migrations, and the function that applies the missing ones
// when a database is opened. Applied versions are recorded in `schema_migrations`; a migration is
// never edited once released — add a new one instead. Not the place for queries (see sqlite-statements).
import type { Database } from 'better-sqlite3'

/** One schema change. `version` values are 1, 2, 3, ... in list order. */
export interface SqliteMigration {
  version: number
  name: string
  sql: string
}

/** Every migration, oldest first. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'threads, messages and jobs',
    // `sequence` (the rowid) breaks ties between rows written in the same millisecond.
    sql: `
      CREATE TABLE threads (
        sequence INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        title TEXT NOT NULL,
        disabled_tools TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX threads_by_user_updated ON threads (user_id, updated_at);

      CREATE TABLE messages (
        sequence INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        job_id TEXT,
        status TEXT,
        error TEXT,
        model TEXT,
        is_demo INTEGER NOT NULL,
        tool_calls TEXT NOT NULL,
        usage TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX messages_by_thread_created ON messages (thread_id, created_at);

      CREATE TABLE jobs (
        sequence INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        model TEXT NOT NULL,
        is_demo INTEGER NOT NULL,
        content TEXT NOT NULL,
        chunks_received INTEGER NOT NULL,
        tool_calls TEXT NOT NULL,
        tool_rounds TEXT NOT NULL,
        usage TEXT,
        error TEXT,
        last_seq INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX jobs_by_user_status ON jobs (user_id, status);
      CREATE INDEX jobs_by_thread ON jobs (thread_id);
      CREATE INDEX jobs_by_finished ON jobs (finished_at);
    `,
  },
  {
    version: 2,
    name: 'job leases, attempts and checkpoints',
    // Existing jobs get attempts 0, no lease and no checkpoint, exactly what createTurn writes.
    sql: `
      ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
      ALTER TABLE jobs ADD COLUMN lease_expires_at INTEGER;
      ALTER TABLE jobs ADD COLUMN checkpoint TEXT;
      CREATE INDEX jobs_by_status_created ON jobs (status, created_at);
    `,
  },
  {
    version: 3,
    name: 'job trees, detached jobs, abort requests, checkpoint envelope, thread tools and model, user feed',
    // SQLite cannot drop NOT NULL, so `jobs` is rebuilt (rowids kept) with thread_id and message_id
    // nullable. Old checkpoints become the envelope: contentLength, completedToolCallIds and savedAt
    // move out, the rest (round, messages, toolRoundsDone) becomes the kind's `state`. Nothing refers
    // to `jobs` by foreign key, so dropping it keeps every other row.
    sql: `
      ALTER TABLE threads ADD COLUMN enabled_tools TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE threads ADD COLUMN model TEXT;

      CREATE TABLE jobs_v3 (
        sequence INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        thread_id TEXT REFERENCES threads (id) ON DELETE CASCADE,
        message_id TEXT,
        parent_job_id TEXT,
        kind TEXT NOT NULL,
        title TEXT,
        input TEXT,
        status TEXT NOT NULL,
        model TEXT NOT NULL,
        is_demo INTEGER NOT NULL,
        content TEXT NOT NULL,
        chunks_received INTEGER NOT NULL,
        tool_calls TEXT NOT NULL,
        tool_rounds TEXT NOT NULL,
        usage TEXT,
        error TEXT,
        last_seq INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        updated_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        checkpoint TEXT,
        abort_requested_at INTEGER
      );
      INSERT INTO jobs_v3 (sequence, id, user_id, thread_id, message_id, kind, status, model, is_demo, content,
        chunks_received, tool_calls, tool_rounds, usage, error, last_seq, created_at, started_at, finished_at, updated_at,
        attempts, lease_owner, lease_expires_at, checkpoint)
      SELECT sequence, id, user_id, thread_id, message_id, kind, status, model, is_demo, content,
        chunks_received, tool_calls, tool_rounds, usage, error, last_seq, created_at, started_at, finished_at, updated_at,
        attempts, lease_owner, lease_expires_at,
        CASE WHEN checkpoint IS NULL THEN NULL ELSE json_object(
          'contentLength', checkpoint ->> '$.contentLength',
          'completedToolCallIds', checkpoint -> '$.completedToolCallIds',
          'state', json_remove(checkpoint, '$.contentLength', '$.completedToolCallIds', '$.savedAt'),
          'savedAt', checkpoint ->> '$.savedAt'
        ) END
      FROM jobs;
      DROP TABLE jobs;
      ALTER TABLE jobs_v3 RENAME TO jobs;
      CREATE INDEX jobs_by_user_status ON jobs (user_id, status);
      CREATE INDEX jobs_by_thread ON jobs (thread_id);
      CREATE INDEX jobs_by_parent ON jobs (parent_job_id);
      CREATE INDEX jobs_by_finished ON jobs (finished_at);
      CREATE INDEX jobs_by_status_created ON jobs (status, created_at);

      CREATE TABLE user_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX user_events_by_user ON user_events (user_id, seq);
      CREATE INDEX user_events_by_at ON user_events (at);
    `,
  },
  {
    version: 4,
    name: 'job result read time',
    // Existing jobs get null: their result was never collected, exactly what createJob writes.
    sql: `
      ALTER TABLE jobs ADD COLUMN result_read_at INTEGER;
    `,
  },
  {
    version: 5,
    name: 'image attachments and uploads',
    // Self-contained: a column on messages and the uploads index (see server/core/uploads).
    sql: `
      ALTER TABLE messages ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';

      CREATE TABLE uploads (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        attached_at INTEGER,
        thread_ids TEXT NOT NULL DEFAULT '[]',
        UNIQUE (user_id, sha256)
      );
      CREATE INDEX uploads_by_sha ON uploads (sha256);
      CREATE INDEX uploads_by_orphan ON uploads (attached_at, created_at);
    `,
  },
  {
    version: 6,
    name: 'traces',
    // One row per model round or tool call; input, output and segments are JSON text (encoded once).
    // Traces follow their job through a trigger, not a foreign key, so a later rebuild of `jobs`
    // (drop + rename) cannot cascade into them — such a migration must create the trigger again.
    sql: `
      CREATE TABLE traces (
        sequence INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        job_id TEXT NOT NULL,
        parent_job_id TEXT,
        thread_id TEXT,
        turn INTEGER NOT NULL,
        round INTEGER NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        input TEXT NOT NULL,
        input_bytes INTEGER NOT NULL,
        output TEXT NOT NULL,
        output_bytes INTEGER NOT NULL,
        truncated INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        latency_ms REAL,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        cache_read_tokens INTEGER,
        cache_write_tokens INTEGER,
        reasoning_tokens INTEGER,
        cost_usd REAL,
        segments TEXT,
        error TEXT,
        outcome TEXT NOT NULL
      );
      CREATE INDEX traces_by_thread_turn ON traces (thread_id, turn, started_at, id);
      CREATE INDEX traces_by_job ON traces (job_id, turn, started_at, id);
      CREATE INDEX traces_by_started ON traces (started_at);
      CREATE TRIGGER traces_follow_jobs AFTER DELETE ON jobs BEGIN
        DELETE FROM traces WHERE job_id = OLD.id;
      END;
    `,
  },
  {
    version: 7,
    name: 'workflow results',
    // The workflow result cache (docs/workflows.md): a step's result per user and cache key.
    sql: `
      CREATE TABLE workflow_results (
        user_id TEXT NOT NULL,
        cache_key TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, cache_key)
      );
    `,
  },
  {
    version: 8,
    name: 'job text as chunk rows, tool calls as rows, progress floor',
    // An append inserts one chunk row instead of rewriting the whole answer; a tool-call change
    // rewrites one row instead of every call's JSON. `jobs.content` keeps only text compacted at
    // finish (unfinished jobs move theirs into one chunk); the rows follow their job through a trigger,
    // like traces. `text_floor`: progress cursors below it cannot be served (rewound or compacted text).
    sql: `
      ALTER TABLE jobs ADD COLUMN text_floor INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE job_text_chunks (
        job_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        PRIMARY KEY (job_id, idx)
      ) WITHOUT ROWID;
      CREATE INDEX job_text_chunks_by_seq ON job_text_chunks (job_id, last_seq);
      INSERT INTO job_text_chunks (job_id, idx, text, last_seq)
        SELECT id, 0, content, last_seq FROM jobs WHERE content <> '' AND status IN ('queued', 'streaming');
      UPDATE jobs SET content = '' WHERE status IN ('queued', 'streaming');

      CREATE TABLE job_tool_calls (
        job_id TEXT NOT NULL,
        call_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (job_id, call_id)
      ) WITHOUT ROWID;
      CREATE INDEX job_tool_calls_by_ordinal ON job_tool_calls (job_id, ordinal);
      INSERT OR REPLACE INTO job_tool_calls (job_id, call_id, ordinal, seq, state)
        SELECT jobs.id, call.value ->> '$.id', call.key, jobs.last_seq, call.value FROM jobs, json_each(jobs.tool_calls) AS call;
      ALTER TABLE jobs DROP COLUMN tool_calls;

      CREATE TRIGGER job_output_follows_jobs AFTER DELETE ON jobs BEGIN
        DELETE FROM job_text_chunks WHERE job_id = OLD.id;
        DELETE FROM job_tool_calls WHERE job_id = OLD.id;
      END;
    `,
  },
]

/**
 * Applies, in order and each in its own transaction, the migrations not yet recorded in
 * `schema_migrations`. Returns the versions it applied (empty when the schema was up to date).
 */
export function applySqliteMigrations(database: Database, migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS): number[] {
  database.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL
  )`)
  const appliedRows = database.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all()
  const applied = new Set(appliedRows.map(row => row.version))
  const record = database.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  const newlyApplied: number[] = []
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue
    database.transaction(() => {
      database.exec(migration.sql)
      record.run(migration.version, migration.name, Date.now())
    })()
    newlyApplied.push(migration.version)
  }
  return newlyApplied
}
