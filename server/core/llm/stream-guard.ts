// Guards one model request against its two ways of stalling: the caller's AbortSignal and an idle
// endpoint (no bytes for idleTimeoutMs). Any awaited step can be raced against the guard, and a body
// reader can be tied to it (cancelled when it trips), so a fetch implementation that ignores signals
// still cannot hang the client. It does not read or parse bytes.
import { LlmError } from './llm-error'

/** The abort and idle-timeout state of one request; `dispose()` releases its timer and listener. */
export interface StreamGuard {
  /** Aborted when the caller aborts or the endpoint goes idle; pass it to fetch. */
  readonly signal: AbortSignal
  /** Why the guard tripped, once it has. */
  readonly failure: LlmError | undefined
  /** Bytes arrived: restart the idle timer (cheap: called once per read). */
  touch(): void
  /** Settles like `step`, but rejects with the guard's LlmError as soon as it trips; other failures go through `describe`. */
  race<T>(step: Promise<T>, describe: (cause: unknown) => LlmError): Promise<T>
  /** Cancels `reader` when the guard trips, which ends a pending read; check `failure` after each read. */
  bind(reader: ReadableStreamDefaultReader<Uint8Array>): void
  dispose(): void
}

/** Starts the idle timer at once, so waiting for the response headers is guarded too. */
export function createStreamGuard(callerSignal: AbortSignal, idleTimeoutMs: number): StreamGuard {
  const controller = new AbortController()
  let failure: LlmError | undefined
  let bound: ReadableStreamDefaultReader<Uint8Array> | undefined

  const trip = (error: LlmError) => {
    if (failure) return
    failure = error
    clearTimeout(timer)
    controller.abort(error)
    bound?.cancel(error).catch(() => undefined)
  }
  const onCallerAbort = () => trip(LlmError.aborted())
  // One timer for the whole request, re-armed by refresh() rather than replaced on every read.
  const timer = setTimeout(() => trip(LlmError.idle(idleTimeoutMs)), idleTimeoutMs)

  if (callerSignal.aborted) trip(LlmError.aborted())
  else callerSignal.addEventListener('abort', onCallerAbort, { once: true })

  return {
    signal: controller.signal,
    get failure() {
      return failure
    },
    touch() {
      if (!failure) timer.refresh()
    },
    race<T>(step: Promise<T>, describe: (cause: unknown) => LlmError): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const onTrip = () => reject(failure)
        step
          .then(resolve, (cause: unknown) => reject(failure ?? describe(cause)))
          .finally(() => controller.signal.removeEventListener('abort', onTrip))
        if (failure) onTrip()
        else controller.signal.addEventListener('abort', onTrip, { once: true })
      })
    },
    bind(reader) {
      bound = reader
      if (failure) reader.cancel(failure).catch(() => undefined)
    },
    dispose() {
      clearTimeout(timer)
      callerSignal.removeEventListener('abort', onCallerAbort)
    },
  }
}
