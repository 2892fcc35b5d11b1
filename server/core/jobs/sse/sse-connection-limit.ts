// Counts the open job-stream connections of each user in this process and refuses more than the cap,
// so one user cannot hold every socket. The stream handler acquires before sending and releases on close.
export class SseConnectionLimit {
  private readonly open = new Map<string, number>()

  constructor(private readonly maxPerUser: number) {}

  /** A release function, or null when the user already has `maxPerUser` streams open. */
  acquire(userId: string): (() => void) | null {
    const count = this.open.get(userId) ?? 0
    if (count >= this.maxPerUser) return null
    this.open.set(userId, count + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.open.get(userId) ?? 1) - 1
      if (left > 0) this.open.set(userId, left)
      else this.open.delete(userId)
    }
  }
}

let shared: SseConnectionLimit | undefined

/** The process-wide limit, created with the configured cap on first use. */
export function sharedSseConnectionLimit(maxPerUser: number): SseConnectionLimit {
  shared ??= new SseConnectionLimit(maxPerUser)
  return shared
}
