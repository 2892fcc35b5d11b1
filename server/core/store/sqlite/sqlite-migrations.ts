// The SQLite schema as an ordered list of migrations (their SQL in sqlite-migrations-core.ts and
// sqlite-migrations-features.ts), and the function that applies the missing ones when a database is
// opened. Applied versions are recorded in `schema_migrations`. Not the place for queries (see sqlite-statements).
import type { Database } from 'better-sqlite3'
import { CORE_MIGRATIONS } from './sqlite-migrations-core'
import { FEATURE_MIGRATIONS } from './sqlite-migrations-features'

/** One schema change. `version` values are 1, 2, 3, ... in list order. */
export interface SqliteMigration {
  version: number
  name: string
  sql: string
}

/** Every migration, oldest first. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [...CORE_MIGRATIONS, ...FEATURE_MIGRATIONS]

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
