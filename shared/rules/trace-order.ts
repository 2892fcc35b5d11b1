// The order traces are listed in — (turn, startedAt, id) — and the keyset rule "after this cursor",
// shared by the memory and Convex providers (SQLite says the same in SQL) and the traces service.
// It does not fetch or store anything, nor encode cursors for the API (services/trace-cursor.ts).
import type { Trace, TraceCursor } from '../types/trace'

/** Negative when `a` is listed before `b`. */
export function compareTraces(a: Pick<Trace, 'turn' | 'startedAt' | 'id'>, b: Pick<Trace, 'turn' | 'startedAt' | 'id'>): number {
  return a.turn - b.turn || a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** True when `trace` comes after `cursor` in list order (everything does when there is no cursor). */
export function isAfterCursor(trace: Pick<Trace, 'turn' | 'startedAt' | 'id'>, cursor: TraceCursor | null | undefined): boolean {
  return !cursor || compareTraces(trace, cursor) > 0
}

/** The cursor of the row a page ended on. */
export const cursorOf = (trace: Trace): TraceCursor => ({ turn: trace.turn, startedAt: trace.startedAt, id: trace.id })
