// Whether a thread matches a search: its title or the text of any of its messages contains the query,
// compared case-insensitively and literally (no pattern syntax). Message text is read whole, overflow
// pieces included, so a match across a piece boundary is found. Reads only; the search function ranks.
import type { DatabaseReader } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import { readMessageText } from './messageText'

/** Text folded for a case-insensitive comparison. */
const fold = (text: string): string => text.toLocaleLowerCase('en-US')

/** True when the thread's title or one of its messages contains `query`. */
export async function threadMatches(database: DatabaseReader, thread: Doc<'threads'>, query: string): Promise<boolean> {
  const needle = fold(query)
  if (fold(thread.title).includes(needle)) return true
  const messages = database.query('messages').withIndex('by_thread_created', range => range.eq('thread_id', thread.thread_id))
  for await (const message of messages) {
    if (fold(await readMessageText(database, message)).includes(needle)) return true
  }
  return false
}
