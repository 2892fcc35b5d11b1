// The errors the Store contract's methods throw (refused admission, a lost lease, a busy thread), one
// definition for every provider and caller. They carry no provider detail and decide nothing.

/** `createTurn` refused a job because the user already has `limit` queued or streaming jobs. */
export class TooManyActiveJobsError extends Error {
  readonly limit: number

  constructor(limit: number) {
    super(`You already have ${limit} answers running or queued; wait for one to finish or stop one.`)
    this.name = 'TooManyActiveJobsError'
    this.limit = limit
  }
}

/** A job write made by a process that no longer holds the job's lease (another instance took it). */
export class LeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`This process no longer holds job ${jobId}; another instance took it over.`)
    this.name = 'LeaseLostError'
  }
}

/** A thread change that needs every job of the thread finished first (regenerate, edit). */
export class TurnBusyError extends Error {
  constructor() {
    super('This thread still has an answer running; stop it or wait for it to finish first.')
    this.name = 'TurnBusyError'
  }
}
