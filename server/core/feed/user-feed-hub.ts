// The per-user live feed on this instance: the SSE connections of each user and one poller per user
// with connections, reading the user's feed events from the store (so changes made on any instance
// arrive) and writing each to every connection of that user, in seq order, exactly once per
// connection. A reconnect with Last-Event-ID is replayed from the store; a cursor too far behind gets
// `event: reset` (refetch). It decides nothing about what the events mean; the store records them.
import type { UserFeedEvent } from '#shared/types/user-event'
import { tooManyRequests } from '../http/app-error'
import type { Store } from '../store/ports'
import { PING_FRAME, RETRY_FRAME } from '../jobs/sse/sse-frames'
import { Viewer, type SseSink } from '../jobs/sse/viewer'

export interface UserFeedHubOptions {
  store: Store
  pollIntervalMs: number
  maxConnectionsPerUser: number
  viewerQueueSize: number
  pingIntervalMs: number
  /** Events replayed to one reconnecting client at most; past it the client is told to refetch. */
  maxReplay?: number
  onError?: (error: unknown) => void
}

/** Tells the client its cursor is too old: refetch the thread list and the open thread. */
export const RESET_FRAME = 'event: reset\ndata: {}\n\n'

export const formatFeedFrame = (event: UserFeedEvent): string => `id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`

interface Connection {
  viewer: Viewer
  /** The newest seq this connection has been sent. */
  lastSeq: number
  /** Live events that arrived while the connection was still being replayed. */
  pending: UserFeedEvent[] | null
}

interface UserEntry {
  connections: Set<Connection>
  cursor: Promise<number>
  timer: ReturnType<typeof setInterval>
  polling: boolean
}

export class UserFeedHub {
  private readonly users = new Map<string, UserEntry>()
  private pingTimer: ReturnType<typeof setInterval> | null = null

  constructor(private readonly options: UserFeedHubOptions) {}

  /** Throws a 429 AppError when the user already has the maximum of open feed connections. */
  checkCapacity(userId: string): void {
    const open = this.users.get(userId)?.connections.size ?? 0
    if (open >= this.options.maxConnectionsPerUser) {
      throw tooManyRequests(`You have ${open} live feeds open (the limit is ${this.options.maxConnectionsPerUser}); close a tab and try again.`, 5)
    }
  }

  /** Streams the user's feed into `sink`: what came after `after` (when given), then live events. */
  async attach(userId: string, sink: SseSink, after: number | undefined): Promise<void> {
    const entry = this.entryFor(userId)
    const viewer = new Viewer(sink, this.options.viewerQueueSize, () => this.detach(userId, connection))
    const connection: Connection = { viewer, lastSeq: 0, pending: [] }
    entry.connections.add(connection)
    this.startPinging()
    connection.viewer.send(RETRY_FRAME)
    try {
      if (after === undefined) {
        connection.lastSeq = await this.options.store.latestUserEventSeq(userId)
      } else {
        const limit = this.options.maxReplay ?? 500
        const missed = await this.options.store.listUserEvents(userId, after, limit + 1)
        if (missed.length > limit) {
          connection.viewer.send(RESET_FRAME)
          connection.lastSeq = await this.options.store.latestUserEventSeq(userId)
        } else {
          connection.lastSeq = after
          this.deliver(connection, missed)
        }
      }
    } catch (error) {
      this.options.onError?.(error)
      connection.viewer.drop()
      return
    }
    const buffered = connection.pending ?? []
    connection.pending = null
    this.deliver(connection, buffered)
  }

  /** Open connections (tests, metrics). */
  get connectionCount(): number {
    let count = 0
    for (const entry of this.users.values()) count += entry.connections.size
    return count
  }

  /** Ends every connection (shutdown). */
  closeAll(): void {
    for (const [userId, entry] of this.users) {
      for (const connection of entry.connections) connection.viewer.end()
      this.stopUser(userId)
    }
  }

  private entryFor(userId: string): UserEntry {
    const existing = this.users.get(userId)
    if (existing) return existing
    const entry: UserEntry = {
      connections: new Set(),
      cursor: this.options.store.latestUserEventSeq(userId).catch(() => 0),
      timer: setInterval(() => void this.poll(userId), this.options.pollIntervalMs),
      polling: false,
    }
    entry.timer.unref()
    this.users.set(userId, entry)
    return entry
  }

  private async poll(userId: string): Promise<void> {
    const entry = this.users.get(userId)
    if (!entry || entry.polling) return
    entry.polling = true
    try {
      const cursor = await entry.cursor
      const events = await this.options.store.listUserEvents(userId, cursor, 500)
      if (events.length === 0) return
      entry.cursor = Promise.resolve(events.at(-1)!.seq)
      for (const connection of entry.connections) {
        if (connection.pending) connection.pending.push(...events)
        else this.deliver(connection, events)
      }
    } catch (error) {
      this.options.onError?.(error)
    } finally {
      entry.polling = false
    }
  }

  private deliver(connection: Connection, events: UserFeedEvent[]): void {
    const fresh = events.filter(event => event.seq > connection.lastSeq)
    if (fresh.length === 0) return
    connection.lastSeq = fresh.at(-1)!.seq
    connection.viewer.send(fresh.map(formatFeedFrame).join(''))
  }

  private detach(userId: string, connection: Connection): void {
    const entry = this.users.get(userId)
    if (!entry) return
    entry.connections.delete(connection)
    if (entry.connections.size === 0) this.stopUser(userId)
  }

  private stopUser(userId: string): void {
    const entry = this.users.get(userId)
    if (!entry) return
    clearInterval(entry.timer)
    this.users.delete(userId)
    if (this.users.size === 0 && this.pingTimer !== null) {
      clearInterval(this.pingTimer)
      this.pingTimer = null
    }
  }

  private startPinging(): void {
    if (this.pingTimer !== null) return
    this.pingTimer = setInterval(() => {
      for (const entry of this.users.values()) for (const connection of entry.connections) connection.viewer.send(PING_FRAME)
    }, this.options.pingIntervalMs)
    this.pingTimer.unref()
  }
}
