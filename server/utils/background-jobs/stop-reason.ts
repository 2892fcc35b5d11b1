// Why a job's AbortSignal fired: the user pressed stop, the job ran out of time, or the server is
// shutting down. The runner sets it; the job reads it to pick its terminal status and message.
export type StopKind = 'user' | 'timeout' | 'shutdown'

export class JobStopReason extends Error {
  constructor(readonly kind: StopKind, message: string) {
    super(message)
    this.name = 'JobStopReason'
  }
}

/** The stop reason carried by an aborted signal, or null when it has not fired (or fired for another cause). */
export function stopReasonOf(signal: AbortSignal): JobStopReason | null {
  return signal.aborted && signal.reason instanceof JobStopReason ? signal.reason : null
}
