// The account tables of the SQLite database: created by their own small migration list, recorded in
// their own `account_migrations` table so they never collide with the main store's schema_migrations.
// Queries live in sqlite-account-store.ts.
import type { Database } from 'better-sqlite3'

const ACCOUNT_MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE accounts (
        sequence INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        session_version INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE invitations (
        code_hash TEXT PRIMARY KEY,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_by TEXT
      );
    `,
  },
]

/** Applies the account migrations this database is missing, each in a transaction. */
export function applyAccountMigrations(database: Database): void {
  database.exec('CREATE TABLE IF NOT EXISTS account_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)')
  const applied = new Set((database.prepare('SELECT version FROM account_migrations').all() as Array<{ version: number }>).map(row => row.version))
  for (const migration of ACCOUNT_MIGRATIONS) {
    if (applied.has(migration.version)) continue
    database.transaction(() => {
      database.exec(migration.sql)
      database.prepare('INSERT INTO account_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, Date.now())
    })()
  }
}
