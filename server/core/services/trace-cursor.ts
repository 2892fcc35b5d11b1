// The `cursor` / `next_cursor` text of the traces API: a trace cursor as base64url JSON, opaque to
// clients. Decoding validates with the shared schema; it does not decide ordering (shared/rules/trace-order).
import { traceCursorSchema, type TraceCursor } from '#shared/types/trace'

/** The opaque text of a cursor (base64url JSON). */
export function encodeTraceCursor(cursor: TraceCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url')
}

/** The cursor a text names, or null when it is not one of ours. */
export function decodeTraceCursor(text: string): TraceCursor | null {
  try {
    const parsed = traceCursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
