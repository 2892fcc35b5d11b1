// Turns whatever $fetch threw into one readable sentence for a toast or an inline error.
// It does not log or retry; callers decide what to do with the failure.

/** The server's `{ statusCode, message }` error text when there is one, else the error's own message. */
export function apiErrorMessage(error: unknown, fallback = 'Something went wrong. Check your connection and try again.'): string {
  if (typeof error === 'object' && error !== null) {
    const data = (error as { data?: unknown }).data
    if (typeof data === 'object' && data !== null) {
      const message = (data as { message?: unknown }).message
      if (typeof message === 'string' && message.length > 0) return message
    }
    const message = (error as { message?: unknown }).message
    if (typeof message === 'string' && message.length > 0) return message
  }
  return fallback
}
