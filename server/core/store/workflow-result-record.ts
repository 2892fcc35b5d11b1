// How a workflow step's cached result is stored by every provider: `{ value }` as JSON text, read back
// through its schema (never cast). Shared by the sqlite and convex providers; memory keeps clones.
import { z } from 'zod'

const workflowResultRecordSchema = z.object({ value: z.unknown() })

export const workflowResultToText = (value: unknown): string => JSON.stringify({ value: value ?? null })

export function workflowResultFromText(text: string): { value: unknown } {
  const parsed = workflowResultRecordSchema.parse(JSON.parse(text))
  return { value: parsed.value ?? null }
}
