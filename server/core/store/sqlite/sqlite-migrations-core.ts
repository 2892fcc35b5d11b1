// The SQLite schema's first migrations (1–4): threads, messages and jobs, the user feed, the job
// engine's rebuild of `jobs` and the result-read time. Released migrations are never edited; they
// hold the schema as it was, which is why migration 3 spells out tables migration 1 created.
import type { SqliteMigration } from './sqlite-migrations'

export const CORE_MIGRATIONS: readonly SqliteMigration[] = [
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
]
