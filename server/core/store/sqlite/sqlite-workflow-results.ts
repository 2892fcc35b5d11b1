// The sqlite store's workflow result cache: the `workflow_results` table (migration 5, its created_at
// index migration 9), one row per user and cache key, the value as JSON text read back through its
// schema, and the retention delete.
import type { Database } from 'better-sqlite3'
import type { Store } from '../ports'
import { workflowResultFromText, workflowResultToText } from '../workflow-result-record'

type WorkflowResultMethods = Pick<Store, 'getWorkflowResult' | 'putWorkflowResult' | 'systemDeleteWorkflowResultsBefore'>

export function createSqliteWorkflowResults(database: Database): WorkflowResultMethods {
  const select = database.prepare<{ userId: string; key: string }, { value: string }>('SELECT value FROM workflow_results WHERE user_id = @userId AND cache_key = @key')
  const upsert = database.prepare<{ userId: string; key: string; value: string; at: number }>(`INSERT INTO workflow_results (user_id, cache_key, value, created_at)
    VALUES (@userId, @key, @value, @at) ON CONFLICT (user_id, cache_key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`)
  const deleteBefore = database.prepare<{ cutoff: number }>('DELETE FROM workflow_results WHERE created_at < @cutoff')
  return {
    async getWorkflowResult(userId, key) {
      const row = select.get({ userId, key })
      return row ? workflowResultFromText(row.value) : null
    },
    async putWorkflowResult(userId, key, value) {
      upsert.run({ userId, key, value: workflowResultToText(value), at: Date.now() })
    },
    async systemDeleteWorkflowResultsBefore(cutoff) {
      return deleteBefore.run({ cutoff }).changes
    },
  }
}
