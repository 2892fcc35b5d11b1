// The SQLite schema's feature migrations (5 onwards): uploads, traces, workflow results and their
// retention index, and the job output rows (text chunks, tool calls). Released migrations are never
// edited — add a new one here.
import type { SqliteMigration } from './sqlite-migrations'

export const FEATURE_MIGRATIONS: readonly SqliteMigration[] = [
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
  {
    version: 9,
    name: 'workflow result retention',
    // Housekeeping deletes cached workflow results stored before a cutoff (workflows.cacheRetentionMs).
    sql: 'CREATE INDEX workflow_results_by_created ON workflow_results (created_at);',
  },
]
