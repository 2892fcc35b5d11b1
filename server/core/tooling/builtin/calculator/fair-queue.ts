// A per-user fair queue: each user's items wait in their own FIFO, and the next item comes from the user
// served longest ago (or never) among those the caller can serve now. It does not bound its length or
// know what serving means: math-evaluator decides both.

/** Items of many users, handed out in turns; an item taken and not served may be put back in front. */
export class FairQueue<T extends { userId: string }> {
  private readonly queues = new Map<string, T[]>()
  /** When each user was last served (a running count); users never served go first. */
  private readonly lastServed = new Map<string, number>()
  private served = 0
  private count = 0

  /** `isBusy` tells which users are still being served: their turn is remembered while nothing of theirs waits. */
  constructor(private readonly isBusy: (userId: string) => boolean = () => false) {}

  /** Items waiting, all users together. */
  get size(): number {
    return this.count
  }

  push(item: T): void {
    this.queueOf(item.userId).push(item)
    this.count += 1
  }

  /** Puts items taken earlier back at the front of their users' queues, each user's in the given order. */
  returnToFront(items: readonly T[]): void {
    for (let index = items.length - 1; index >= 0; index -= 1) {
      const item = items[index] as T
      this.queueOf(item.userId).unshift(item)
      this.count += 1
    }
  }

  /** Removes a waiting item; false if it was not waiting. */
  remove(item: T): boolean {
    const queue = this.queues.get(item.userId)
    const index = queue ? queue.indexOf(item) : -1
    if (!queue || index < 0) return false
    queue.splice(index, 1)
    this.count -= 1
    if (queue.length === 0) this.queues.delete(item.userId)
    return true
  }

  /** Takes the first item of the user served longest ago among those `canServe` accepts; undefined if none. */
  take(canServe: (userId: string) => boolean): T | undefined {
    let chosen: string | undefined
    for (const userId of this.queues.keys()) {
      if (chosen !== undefined && this.turnOf(userId) >= this.turnOf(chosen)) continue
      if (canServe(userId)) chosen = userId
    }
    if (chosen === undefined) return undefined
    const queue = this.queues.get(chosen) as T[]
    const item = queue.shift() as T
    if (queue.length === 0) this.queues.delete(chosen)
    this.count -= 1
    this.served += 1
    this.lastServed.set(chosen, this.served)
    // Bounded memory: forget users with nothing waiting or being served once many are remembered.
    if (this.lastServed.size > 10_000) {
      for (const userId of this.lastServed.keys()) if (!this.queues.has(userId) && !this.isBusy(userId)) this.lastServed.delete(userId)
    }
    return item
  }

  /** Empties the queue, returning every waiting item. */
  takeAll(): T[] {
    const items = [...this.queues.values()].flat()
    this.queues.clear()
    this.count = 0
    return items
  }

  private turnOf(userId: string): number {
    return this.lastServed.get(userId) ?? -1
  }

  private queueOf(userId: string): T[] {
    let queue = this.queues.get(userId)
    if (!queue) {
      queue = []
      this.queues.set(userId, queue)
    }
    return queue
  }
}
