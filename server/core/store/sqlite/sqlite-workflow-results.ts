// The sqlite store's workflow result cache: the `workflow_results` table (migration 5), one row per
// user and cache key, the value as JSON text read back through its schema.
import type { Database } from 'better-sqlite3'
import type { Store } from '../ports'
import { workflowResultFromText, workflowResultToText } from '../workflow-result-record'

export function createSqliteWorkflowResults(database: Database): Pick<Store, 'getWorkflowResult' | 'putWorkflowResult'> {
  const select = database.prepare<{ userId: string; key: string }, { value: string }>('SELECT value FROM workflow_results WHERE user_id = @userId AND cache_key = @key')
  const upsert = database.prepare<{ userId: string; key: string; value: string; at: number }>(`INSERT INTO workflow_results (user_id, cache_key, value, created_at)
    VALUES (@userId, @key, @value, @at) ON CONFLICT (user_id, cache_key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`)
  return {
    async getWorkflowResult(userId, key) {
      const row = select.get({ userId, key })
      return row ? workflowResultFromText(row.value) : null
    },
    async putWorkflowResult(userId, key, value) {
      upsert.run({ userId, key, value: workflowResultToText(value), at: Date.now() })
    },
  }
}
