// The text of a message: inline in the message row when it fits one document (nearly always), the
// rest in `message_content_chunks` rows when a finished answer is longer than one document may hold.
import type { DatabaseReader, DatabaseWriter } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import { splitText } from './textPieces'

/** The fields of a message row that hold its text. */
export interface MessageTextFields {
  content: string
  content_overflow_chunks: number
}

/** Deletes the overflow rows of a message. */
export async function deleteMessageText(database: DatabaseWriter, messageId: string): Promise<void> {
  const rows = await database.query('message_content_chunks').withIndex('by_message', range => range.eq('message_id', messageId)).collect()
  for (const row of rows) await database.delete(row._id)
}

/** Stores `text` for the message (replacing earlier overflow rows); returns the row fields to write. */
export async function writeMessageText(database: DatabaseWriter, messageId: string, text: string): Promise<MessageTextFields> {
  await deleteMessageText(database, messageId)
  const [first = '', ...rest] = splitText(text)
  for (const [index, piece] of rest.entries()) {
    await database.insert('message_content_chunks', { message_id: messageId, index, text: piece })
  }
  return { content: first, content_overflow_chunks: rest.length }
}

/** The whole text of a message row. */
export async function readMessageText(database: DatabaseReader, message: Doc<'messages'>): Promise<string> {
  if (message.content_overflow_chunks === 0) return message.content
  const rows = await database.query('message_content_chunks').withIndex('by_message', range => range.eq('message_id', message.message_id)).collect()
  return message.content + rows.map(row => row.text).join('')
}
