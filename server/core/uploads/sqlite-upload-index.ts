// The SQLite provider of the upload index: the `uploads` table (migration 4) in the store's database
// file, through its own connection. Rows are validated with the shared schema on the way out. No bytes here.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { z } from 'zod'
import { uploadRecordSchema, type UploadRecord } from '#shared/types/upload'
import { applySqliteMigrations } from '../store/sqlite/sqlite-migrations'
import type { UploadIndex } from './upload-index'

interface UploadRow {
  id: string
  user_id: string
  sha256: string
  mime: string
  size: number
  width: number
  height: number
  created_at: number
  attached_at: number | null
  thread_ids: string
}

const threadIdsSchema = z.array(z.string())

function recordFromRow(row: UploadRow): UploadRecord {
  return uploadRecordSchema.parse({
    id: row.id, userId: row.user_id, sha256: row.sha256, mime: row.mime, size: row.size, width: row.width, height: row.height,
    createdAt: row.created_at, attachedAt: row.attached_at, threadIds: threadIdsSchema.parse(JSON.parse(row.thread_ids)),
  })
}

export function createSqliteUploadIndex(options: { path: string }): UploadIndex {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true })
  const database = new Database(options.path)
  database.pragma('journal_mode = WAL')
  database.pragma('busy_timeout = 5000')
  applySqliteMigrations(database)
  const statements = {
    bySha: database.prepare<[string, string], UploadRow>('SELECT * FROM uploads WHERE user_id = ? AND sha256 = ?'),
    insert: database.prepare(`INSERT INTO uploads (id, user_id, sha256, mime, size, width, height, created_at, attached_at, thread_ids)
      VALUES (@id, @user_id, @sha256, @mime, @size, @width, @height, @created_at, NULL, '[]') ON CONFLICT (user_id, sha256) DO NOTHING`),
    get: database.prepare<[string, string], UploadRow>('SELECT * FROM uploads WHERE id = ? AND user_id = ?'),
    setReferences: database.prepare<[number | null, string, string]>('UPDATE uploads SET attached_at = ?, thread_ids = ? WHERE id = ?'),
    ofUser: database.prepare<[string], UploadRow>('SELECT * FROM uploads WHERE user_id = ? AND thread_ids <> \'[]\''),
    released: database.prepare<[string], UploadRow>(
      'DELETE FROM uploads WHERE user_id = ? AND attached_at IS NOT NULL AND thread_ids = \'[]\' RETURNING *'),
    orphans: database.prepare<[number], UploadRow>('DELETE FROM uploads WHERE attached_at IS NULL AND created_at < ? RETURNING *'),
    countBySha: database.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM uploads WHERE sha256 = ?'),
  }

  const createOrReuse = database.transaction((input: Parameters<UploadIndex['createOrReuse']>[0], now: number) => {
    statements.insert.run({
      id: crypto.randomUUID(), user_id: input.userId, sha256: input.sha256, mime: input.mime, size: input.size,
      width: input.width, height: input.height, created_at: now,
    })
    return recordFromRow(statements.bySha.get(input.userId, input.sha256)!)
  })
  const attach = database.transaction((userId: string, uploadIds: string[], threadId: string, now: number) => {
    for (const id of uploadIds) {
      const row = statements.get.get(id, userId)
      if (!row) continue
      const record = recordFromRow(row)
      const threadIds = record.threadIds.includes(threadId) ? record.threadIds : [...record.threadIds, threadId]
      statements.setReferences.run(record.attachedAt ?? now, JSON.stringify(threadIds), id)
    }
  })
  const releaseThread = database.transaction((userId: string, threadId: string) => {
    for (const record of statements.ofUser.all(userId).map(recordFromRow)) {
      if (!record.threadIds.includes(threadId)) continue
      statements.setReferences.run(record.attachedAt, JSON.stringify(record.threadIds.filter(id => id !== threadId)), record.id)
    }
    return statements.released.all(userId).map(recordFromRow)
  })

  return {
    async createOrReuse(input, now) {
      return createOrReuse(input, now)
    },
    async get(userId, uploadId) {
      const row = statements.get.get(uploadId, userId)
      return row ? recordFromRow(row) : null
    },
    async attach(userId, uploadIds, threadId, now) {
      attach(userId, uploadIds, threadId, now)
    },
    async releaseThread(userId, threadId) {
      return releaseThread(userId, threadId)
    },
    async systemDeleteOrphans(cutoff) {
      return statements.orphans.all(cutoff).map(recordFromRow)
    },
    async systemCountBySha(sha256) {
      return statements.countBySha.get(sha256)?.count ?? 0
    },
    async close() {
      database.close()
    },
  }
}
