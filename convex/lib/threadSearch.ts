// Whether a thread matches a search: its title or the text of any of its messages contains the query,
// compared as shared/rules/thread-search.ts says (case-insensitive, literal). Message text is read whole, overflow
// pieces included, so a match across a piece boundary is found. Reads only; the search function ranks.
import type { DatabaseReader } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import { textMatchesQuery } from '../../shared/rules/thread-search'
import { readMessageText } from './messageText'

/** True when the thread's title or one of its messages contains `query`. */
export async function threadMatches(database: DatabaseReader, thread: Doc<'threads'>, query: string): Promise<boolean> {
  if (textMatchesQuery(thread.title, query)) return true
  const messages = database.query('messages').withIndex('by_thread_created', range => range.eq('thread_id', thread.thread_id))
  for await (const message of messages) {
    if (textMatchesQuery(await readMessageText(database, message), query)) return true
  }
  return false
}
