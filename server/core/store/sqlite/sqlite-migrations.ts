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
