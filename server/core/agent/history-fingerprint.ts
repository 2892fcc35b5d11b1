// The fingerprint of the history an agent run started from: how many messages and a short SHA-256 of
// them (canonical JSON), so a resume can check that the history it rebuilt is the one the run began
// with. System messages are counted but not hashed (the prompt is the server's, not the conversation's).
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { canonicalJson } from '#shared/utils/canonical-json'
import type { LlmMessage } from '../llm/types'

export const historyFingerprintSchema = z.object({
  /** Messages in the starting history (system prompt included). */
  count: z.number().int().nonnegative(),
  /** SHA-256 (base64url, first 22 characters) of the non-system messages. */
  hash: z.string().min(1),
})
export type HistoryFingerprint = z.infer<typeof historyFingerprintSchema>

export function historyFingerprint(messages: LlmMessage[]): HistoryFingerprint {
  const hash = createHash('sha256')
  for (const message of messages) {
    if (message.role !== 'system') hash.update(canonicalJson(message)).update('\n')
  }
  return { count: messages.length, hash: hash.digest('base64url').slice(0, 22) }
}

export const sameHistory = (a: HistoryFingerprint, b: HistoryFingerprint): boolean => a.count === b.count && a.hash === b.hash
