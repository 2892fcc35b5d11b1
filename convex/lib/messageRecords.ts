// Message rows as the Convex functions return them: the shared `Message` with its tool calls as JSON
// (`toolCallsJson`, and its image parts as `attachmentsJson`), because tool arguments and results may hold keys Convex values cannot carry.
// The convex provider parses them back; nothing else reads these records.
import type { DatabaseReader } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import type { Message } from '../../shared/types/thread'
import { readMessageText } from './messageText'

/** A message on the wire between Convex and the Errand server. */
export type MessageRecord = Omit<Message, 'toolCalls' | 'attachments'> & { toolCallsJson: string; attachmentsJson: string }

/** The message row with Errand id `messageId`, or null. */
export function findMessage(database: DatabaseReader, messageId: string): Promise<Doc<'messages'> | null> {
  return database.query('messages').withIndex('by_message_id', range => range.eq('message_id', messageId)).unique()
}

/** The record of a message row whose whole text is `content`. */
export function messageRecordFromDocument(message: Omit<Doc<'messages'>, '_id' | '_creationTime'>, content: string): MessageRecord {
  return {
    id: message.message_id,
    threadId: message.thread_id,
    userId: message.user_id,
    role: message.role,
    content,
    jobId: message.job_id,
    status: message.status,
    error: message.error,
    model: message.model,
    isDemo: message.is_demo,
    toolCallsJson: message.tool_calls,
    attachmentsJson: message.attachments_json ?? '[]',
    usage: message.usage,
    createdAt: message.created_at,
  }
}

/** The record of a stored message row, its overflow text included. */
export async function readMessageRecord(database: DatabaseReader, message: Doc<'messages'>): Promise<MessageRecord> {
  return messageRecordFromDocument(message, await readMessageText(database, message))
}
