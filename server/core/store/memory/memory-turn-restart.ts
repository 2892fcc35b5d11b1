// Regenerate, edit-and-resend and thread search in the memory store. A restart checks everything
// (owner, role, idle thread, admission) before it changes anything, so a refusal writes nothing.
// Creating turns and reading threads live in memory-store.ts.
import type { Message, Thread } from '#shared/types/thread'
import { TurnBusyError, type CreatedTurn, type RestartTurnInput, type Store } from '../ports'
import { textMatchesQuery } from '../../../../shared/rules/thread-search'
import { jobFeedBody } from '../../../../shared/rules/user-feed-records'
import { buildAnswer, buildRegeneratedAnswer } from '../store-records'
import {
  admitRootJob, deleteJobTrees, isActiveJob, memoryThreadSummary, type MemoryTables, newestFirst, ownedThread, threadMessages,
} from './memory-tables'

/** A message of the user with the given role, in order with the rest of its thread. */
interface RestartPoint {
  thread: Thread
  message: Message
  ordered: Message[]
  index: number
}

/** Builds regenerateTurn, editTurn and searchThreads over the memory store's tables. */
export function createMemoryTurnRestart(tables: MemoryTables): Pick<Store, 'regenerateTurn' | 'editTurn' | 'searchThreads'> {
  /** Finds the message and checks the thread is idle and the user admitted; null when not the user's. */
  const restartPoint = (userId: string, messageId: string, role: Message['role'], input: RestartTurnInput): RestartPoint | null => {
    const message = tables.messages.get(messageId)
    if (message?.role !== role) return null
    const thread = ownedThread(tables, userId, message.threadId)
    if (!thread) return null
    if ([...tables.jobs.values()].some(job => job.threadId === thread.id && isActiveJob(job))) throw new TurnBusyError()
    admitRootJob(tables, userId, input.maxActiveJobsPerUser)
    const ordered = threadMessages(tables, thread.id)
    return { thread, message, ordered, index: ordered.findIndex(candidate => candidate.id === message.id) }
  }

  /** Deletes the given messages and the jobs (with descendants) of those and of `alsoJobOf`. */
  const dropMessages = (doomed: Message[], alsoJobOf: Message | null): void => {
    for (const message of doomed) tables.messages.delete(message.id)
    const jobIds = [...doomed, ...(alsoJobOf ? [alsoJobOf] : [])].flatMap(message => (message.jobId ? [message.jobId] : []))
    deleteJobTrees(tables, jobIds)
  }

  /** Stores the new answer and records its queued job in the feed. */
  const storeAnswer = (userMessage: Message, answer: Pick<CreatedTurn, 'assistantMessage' | 'job'>, now: number): CreatedTurn => {
    tables.messages.set(answer.assistantMessage.id, structuredClone(answer.assistantMessage))
    tables.jobs.set(answer.job.id, structuredClone(answer.job))
    tables.feed.record(answer.job.userId, jobFeedBody(answer.job), now)
    return structuredClone({ userMessage, ...answer })
  }

  return {
    async regenerateTurn(userId, assistantMessageId, input) {
      const point = restartPoint(userId, assistantMessageId, 'assistant', input)
      if (!point) return null
      const userMessage = point.ordered.slice(0, point.index).reverse().find(message => message.role === 'user')
      if (!userMessage) return null
      dropMessages(point.ordered.slice(point.index + 1), point.message)
      const now = Date.now()
      return storeAnswer(userMessage, buildRegeneratedAnswer(point.thread, point.message, input, now), now)
    },

    async editTurn(userId, userMessageId, input) {
      const point = restartPoint(userId, userMessageId, 'user', input)
      if (!point) return null
      dropMessages(point.ordered.slice(point.index + 1), null)
      point.message.content = input.content
      const now = Date.now()
      return storeAnswer(point.message, buildAnswer(point.thread, input, now), now)
    },

    async searchThreads(userId, query, limit) {
      const matching = [...tables.threads.values()].filter(thread => thread.userId === userId && (
        textMatchesQuery(thread.title, query)
        || threadMessages(tables, thread.id).some(message => textMatchesQuery(message.content, query))))
      return newestFirst(matching, thread => thread.updatedAt).slice(0, Math.max(0, limit))
        .map(thread => memoryThreadSummary(tables, thread))
    },
  }
}
