// Turns a handler's return value into the text the model reads, cut at a byte budget with a visible
// marker. It does not decide what to do with values that cannot be serialised: it throws for those.

/** The model-facing text of a result. */
export interface SerializedToolResult {
  content: string
  truncated: boolean
}

/** Serialises `value`: a string as is, `undefined` as `null`, anything else as JSON. Throws if not serialisable. */
export function serializeToolResult(value: unknown, maxBytes: number): SerializedToolResult {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null)
  if (typeof text !== 'string') {
    throw new TypeError(`a ${typeof value} has no JSON form`)
  }
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= maxBytes) return { content: text, truncated: false }
  let end = maxBytes
  // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && ((bytes[end] ?? 0) & 0xC0) === 0x80) end -= 1
  const head = bytes.subarray(0, end).toString('utf8')
  const marker = `\n[truncated: the result was ${bytes.length} bytes; only the first ${end} are shown. Ask for less, e.g. a narrower query or fewer items.]`
  return { content: head + marker, truncated: true }
}
