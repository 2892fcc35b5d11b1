// Guards one model request against its two ways of stalling: the caller's AbortSignal and an idle
// endpoint (no bytes for idleTimeoutMs). Any awaited step can be raced against the guard, so a fetch
// implementation that ignores signals still cannot hang the client. It does not read or parse bytes.
import { LlmError } from './llm-error'

/** The abort and idle-timeout state of one request; `dispose()` releases its timer and listener. */
export interface StreamGuard {
  /** Aborted when the caller aborts or the endpoint goes idle; pass it to fetch. */
  readonly signal: AbortSignal
  /** Bytes arrived: restart the idle timer. */
  touch(): void
  /** Settles like `step`, but rejects with the guard's LlmError as soon as it trips; other failures go through `describe`. */
  race<T>(step: Promise<T>, describe: (cause: unknown) => LlmError): Promise<T>
  dispose(): void
}

/** Starts the idle timer at once, so waiting for the response headers is guarded too. */
export function createStreamGuard(callerSignal: AbortSignal, idleTimeoutMs: number): StreamGuard {
  const controller = new AbortController()
  let failure: LlmError | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  const trip = (error: LlmError) => {
    if (failure) return
    failure = error
    clearTimeout(timer)
    controller.abort(error)
  }
  const onCallerAbort = () => trip(LlmError.aborted())
  const touch = () => {
    if (failure) return
    clearTimeout(timer)
    timer = setTimeout(() => trip(LlmError.idle(idleTimeoutMs)), idleTimeoutMs)
  }

  if (callerSignal.aborted) trip(LlmError.aborted())
  else callerSignal.addEventListener('abort', onCallerAbort, { once: true })
  touch()

  return {
    signal: controller.signal,
    touch,
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
    dispose() {
      clearTimeout(timer)
      callerSignal.removeEventListener('abort', onCallerAbort)
    },
  }
}
