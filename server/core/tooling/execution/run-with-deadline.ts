// Runs one async task against a deadline and an outer abort signal, handing the task a signal that fires
// on either. The task's own promise is only raced, never awaited past the deadline; it cannot stop CPU-bound code.

/** How the race ended. */
export type DeadlineOutcome<T> =
  | { kind: 'fulfilled'; value: T }
  | { kind: 'rejected'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'aborted' }

/** Reason given to the task's signal when the deadline passes. */
export class DeadlineExceededError extends Error {
  constructor(timeoutMs: number) {
    super(`did not finish within ${timeoutMs} ms`)
    this.name = 'TimeoutError'
  }
}

/**
 * Starts `task` with a signal that aborts after `timeoutMs` or when `signal` aborts, and resolves with
 * whichever happens first. The timer and the abort listener are always removed before it resolves.
 */
export async function runWithDeadline<T>(
  task: (signal: AbortSignal) => Promise<T> | T,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<DeadlineOutcome<T>> {
  const { timeoutMs, signal } = options
  if (signal.aborted) return { kind: 'aborted' }
  const deadline = new AbortController()
  const taskSignal = AbortSignal.any([signal, deadline.signal])
  let timer: ReturnType<typeof setTimeout> | undefined
  let removeAbortListener = () => {}
  const timedOut = new Promise<DeadlineOutcome<T>>((resolve) => {
    timer = setTimeout(() => {
      // Resolve before aborting, so a task that rejects on abort cannot win the race.
      resolve({ kind: 'timeout' })
      deadline.abort(new DeadlineExceededError(timeoutMs))
    }, timeoutMs)
  })
  const aborted = new Promise<DeadlineOutcome<T>>((resolve) => {
    const onAbort = () => resolve({ kind: 'aborted' })
    signal.addEventListener('abort', onAbort, { once: true })
    removeAbortListener = () => signal.removeEventListener('abort', onAbort)
  })
  const settled = Promise.resolve()
    .then(() => task(taskSignal))
    .then(
      (value): DeadlineOutcome<T> => ({ kind: 'fulfilled', value }),
      (error: unknown): DeadlineOutcome<T> => ({ kind: 'rejected', error }),
    )
  try {
    return await Promise.race([settled, timedOut, aborted])
  }
  finally {
    clearTimeout(timer)
    removeAbortListener()
  }
}
