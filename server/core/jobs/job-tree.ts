// Stopping a job and everything under it: each job of the tree held by this process is aborted here at
// once; every other one is stopped through the store (recorded for the instance that runs it, whose
// heartbeat sees it within a beat, or finished `aborted` at once when no live process holds it).
// It walks parentJobId links; it does not decide who may stop what (services check ownership first).
import type { AbortRequestOutcome, Store } from '../store/ports'

/** The part of the runner a tree stop needs. */
export interface LocalJobStopper {
  holds(jobId: string): boolean
  /** Aborts a job held here as a user stop, without walking its children. */
  abortHeld(userId: string, jobId: string): Promise<boolean>
}

/** Stops `jobId` and all its descendants. Returns what happened to the root. */
export async function stopJobTree(store: Store, local: LocalJobStopper, userId: string, jobId: string): Promise<AbortRequestOutcome | 'stopped_here'> {
  // Together: a parent waiting on its children must not wait for them before it stops.
  const [outcome] = await Promise.all([stopOne(store, local, userId, jobId), stopDescendants(store, local, userId, jobId)])
  return outcome
}

/** Stops every descendant of `jobId` (not the job itself), children before grandchildren. */
export async function stopDescendants(store: Store, local: LocalJobStopper, userId: string, jobId: string): Promise<void> {
  const seen = new Set<string>([jobId])
  let level = [jobId]
  while (level.length > 0) {
    const children = (await Promise.all(level.map(id => store.listChildJobs(userId, id)))).flat()
      .filter(child => !seen.has(child.id))
    for (const child of children) seen.add(child.id)
    await Promise.all(children.map(child => stopOne(store, local, userId, child.id)))
    level = children.map(child => child.id)
  }
}

async function stopOne(store: Store, local: LocalJobStopper, userId: string, jobId: string): Promise<AbortRequestOutcome | 'stopped_here'> {
  if (local.holds(jobId) && await local.abortHeld(userId, jobId)) return 'stopped_here'
  return store.requestJobAbort(userId, jobId, Date.now())
}
