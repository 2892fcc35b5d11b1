// The one way a service starts a turn: refuses while the server drains, runs the store step that
// creates the turn's job, maps its refusals to HTTP errors (429 too many, 409 busy) and hands the job
// to the runner. What the turn is (chat or workflow) is the caller's.
import type { AppContext } from '../app-context'
import { AppError, conflict, unavailable } from '../http/app-error'
import { TooManyActiveJobsError, TurnBusyError, type CreatedTurn } from '../store/ports'

export async function startTurn(context: Pick<AppContext, 'runner'>, create: () => Promise<CreatedTurn | null>): Promise<CreatedTurn | null> {
  if (!context.runner.isAccepting) throw unavailable('The server is restarting; send the message again in a moment.')
  let turn
  try {
    turn = await create()
  } catch (error) {
    if (error instanceof TooManyActiveJobsError) throw new AppError(429, error.message)
    if (error instanceof TurnBusyError) throw conflict(error.message)
    throw error
  }
  if (turn) await context.runner.submit(turn.job)
  return turn
}
