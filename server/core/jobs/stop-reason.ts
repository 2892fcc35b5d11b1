// Why a job's AbortSignal fired: the user pressed stop, the job ran out of time, the server is shutting
// down, or another instance took the job's lease. The runner sets it; the job reads it to pick its
// terminal status (shutdown and a lost lease are pauses, not ends: the job resumes elsewhere).
export type StopKind = 'user' | 'timeout' | 'shutdown' | 'lease_lost'

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
