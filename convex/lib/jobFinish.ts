// The terminal transition of a job row, shared by `backgroundJobs.finish` (the runner) and
// `jobAborts.request` (a stop while nobody holds the lease): status, error, finishedAt, lease and
// abort request cleared, the text, tool calls and usage copied onto the assistant message (when there
// is one), the thread touched, and the job's feed event. Checks nothing: callers decide it may finish.
import type { DatabaseWriter } from '../_generated/server'
import type { Doc } from '../_generated/dataModel'
import { readJobText } from './jobText'
import { readJobToolCallsJson } from './jobToolCalls'
import { findMessage } from './messageRecords'
import { writeMessageText } from './messageText'
import { findThread } from './threadRecords'
import { recordJobEvent } from './userEvents'

/** How a job ends. */
export interface JobEnding {
  status: 'complete' | 'error' | 'aborted'
  error: string | null
  lastSeq: number
  now: number
}

/** Finishes `job` as `ending` says. */
export async function finishJobRow(database: DatabaseWriter, job: Doc<'background_jobs'>, ending: JobEnding): Promise<void> {
  const finished = {
    status: ending.status, error: ending.error, last_seq: ending.lastSeq, finished_at: ending.now, updated_at: ending.now,
    lease_owner: null, lease_expires_at: null, abort_requested_at: null,
  }
  await database.patch(job._id, finished)
  const message = job.message_id === null ? null : await findMessage(database, job.message_id)
  if (message) {
    const text = await writeMessageText(database, message.message_id, await readJobText(database, job.job_id))
    await database.patch(message._id, { ...text, status: ending.status, error: ending.error, tool_calls: await readJobToolCallsJson(database, job), usage: job.usage })
  }
  const thread = job.thread_id === null ? null : await findThread(database, job.thread_id)
  if (thread) await database.patch(thread._id, { updated_at: ending.now })
  await recordJobEvent(database, { ...job, ...finished }, ending.now)
}
