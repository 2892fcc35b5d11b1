// Turns whatever $fetch threw into one plain sentence for a toast or an inline error, and reads its HTTP
// status. It never shows the raw fetch text ("[POST] "/api/…": <no response> Failed to fetch"). It does
// not log or retry; callers decide what to do with the failure.

const UNREACHABLE = 'Could not reach the server. Check your connection, then try again.'

/** The HTTP status of a failed request, or null when no response arrived. */
export function apiErrorStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null
  const record = error as { statusCode?: unknown, status?: unknown, response?: { status?: unknown } }
  for (const value of [record.statusCode, record.status, record.response?.status]) {
    if (typeof value === 'number' && value > 0) return value
  }
  return null
}

/** Plain words for an HTTP status the server sent without a message of its own. */
function statusSentence(status: number): string {
  if (status === 404) return 'It no longer exists.'
  if (status === 409) return 'An answer is still running in this chat. Wait for it or stop it, then try again.'
  if (status === 413) return 'The message is too long.'
  if (status === 429) return 'Too many requests at once. Wait a moment, then try again.'
  if (status >= 500) return 'The server ran into a problem. Try again in a moment.'
  return 'The server refused the request.'
}

/** The server's `{ message }` when it sent one, else a plain sentence for the status or the lost connection. */
export function apiErrorMessage(error: unknown, fallback = UNREACHABLE): string {
  const status = apiErrorStatus(error)
  if (typeof error === 'object' && error !== null) {
    const data = (error as { data?: unknown }).data
    if (typeof data === 'object' && data !== null) {
      const message = (data as { message?: unknown }).message
      if (typeof message === 'string' && message.length > 0 && !message.startsWith('[')) return message
    }
  }
  if (status === null) return fallback
  return statusSentence(status)
}
