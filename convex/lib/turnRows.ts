// The rows of a turn, built in one place for createTurn, regenerate and edit: a user message, an
// empty assistant message written by a queued job, and that job. The same defaults as the other
// providers' buildTurn. Builds rows only; the calling mutation inserts or patches them.
import type { Doc } from '../_generated/dataModel'
import type { JobKind } from '../../shared/types/job'
import { type JobDocument, newJobDocument } from './jobRecords'
import type { MessageTextFields } from './messageText'

/** A message row as written (without Convex's own fields). */
export type MessageDocument = Omit<Doc<'messages'>, '_id' | '_creationTime'>

/** Who the turn belongs to and when it is made. */
export interface TurnPlace {
  userId: string
  threadId: string
  now: number
}

/** How the turn's job runs. */
export interface TurnJobFields {
  jobId: string
  kind: JobKind
  title: string | null
  inputJson: string | null
  model: string
  isDemo: boolean
}

/** A user message row whose text fields are `text`. */
export function userMessageDocument(place: TurnPlace, messageId: string, text: MessageTextFields, attachmentsJson = '[]'): MessageDocument {
  return {
    message_id: messageId, thread_id: place.threadId, user_id: place.userId, role: 'user', ...text,
    job_id: null, status: null, error: null, model: null, is_demo: false, tool_calls: '[]', usage: null, created_at: place.now,
    attachments_json: attachmentsJson,
  }
}

/** The fields that make an assistant message empty and queued for `job` (used to create one and to reset one). */
export function queuedAssistantFields(job: Pick<TurnJobFields, 'jobId' | 'model' | 'isDemo'>) {
  return {
    content: '', content_overflow_chunks: 0, job_id: job.jobId, status: 'queued' as const, error: null,
    model: job.model, is_demo: job.isDemo, tool_calls: '[]', usage: null,
  }
}

/** An empty assistant message row written by the job `job`. */
export function assistantMessageDocument(place: TurnPlace, messageId: string, job: TurnJobFields): MessageDocument {
  return {
    message_id: messageId, thread_id: place.threadId, user_id: place.userId, role: 'assistant',
    ...queuedAssistantFields(job), created_at: place.now,
  }
}

/** The queued job row writing message `messageId`. */
export function turnJobDocument(place: TurnPlace, messageId: string, job: TurnJobFields): JobDocument {
  return newJobDocument({ ...job, userId: place.userId, threadId: place.threadId, messageId, parentJobId: null, now: place.now })
}
