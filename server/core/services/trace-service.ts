// Reading traces for the API: one thread's (optionally one turn) or one job's, a page at a time with an
// opaque keyset cursor. Ownership first: another user's or an unknown thread or job is a 404.
// It does not record traces (server/core/traces) or shape them for the viewer (app/).
import type { ListTracesQuery } from '#shared/schemas/api'
import type { TracePage } from '#shared/types/trace'
import type { AppContext } from '../app-context'
import { badInput } from '../http/app-error'
import { cursorOf } from '../../../shared/rules/trace-order'
import { decodeTraceCursor, encodeTraceCursor } from './trace-cursor'
import { requireOwnedJob, requireOwnedThread } from './ownership'

type Context = Pick<AppContext, 'store'>

/** A page of the thread's traces in (turn, startedAt) order. */
export async function listThreadTraces(context: Context, userId: string, threadId: string, query: ListTracesQuery): Promise<TracePage> {
  await requireOwnedThread(context.store, userId, threadId)
  return page(context, userId, { threadId }, query)
}

/** A page of one job's traces (a chat turn's, a workflow's or a sub-agent's). */
export async function listJobTraces(context: Context, userId: string, jobId: string, query: ListTracesQuery): Promise<TracePage> {
  await requireOwnedJob(context.store, userId, jobId)
  return page(context, userId, { jobId }, query)
}

async function page(context: Context, userId: string, scope: { threadId?: string; jobId?: string }, query: ListTracesQuery): Promise<TracePage> {
  const after = query.cursor === undefined ? null : decodeTraceCursor(query.cursor)
  if (query.cursor !== undefined && after === null) throw badInput('cursor is not a cursor this API returned')
  // One row more than asked tells whether another page follows.
  const rows = await context.store.listTraces(userId, { ...scope, ...(query.turn !== undefined ? { turn: query.turn } : {}), after, limit: query.limit + 1 })
  const traces = rows.slice(0, query.limit)
  return { traces, next_cursor: rows.length > query.limit ? encodeTraceCursor(cursorOf(traces.at(-1)!)) : null }
}
