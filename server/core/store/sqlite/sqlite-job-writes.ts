// The writes to a running job in the SQLite store, each fenced by the lease: the guarded statement
// writes only while the fence's owner holds the lease; when it changed nothing, the job is looked up to
// tell a terminal job (ignored) from a lost lease (LeaseLostError). Also the stop request, which
// finishes a job nobody holds in the same transaction, and the unfenced mark that a job's result was
// collected (first time kept), and the progress read. An append adds one chunk row and a tool-call
// write one row per call, after the guarded job-row statement, in one transaction; feed events too.
import type { Database } from 'better-sqlite3'
import { jobStatusSchema } from '#shared/types/job'
import type { ToolCallState } from '#shared/types/tool-call'
import { z } from 'zod'
import { type FinishJobInput, type JobContentAppend, type JobMetadataPatch, type LeaseFence, LeaseLostError, type Store } from '../ports'
import { abortRequestAction, fencedWriteVerdict } from '../../../../shared/rules/job-fence-rules'
import { SEQ_EPOCH_GAP } from '../../../../shared/rules/job-seq-rules'
import { jobFeedBody } from '../../../../shared/rules/user-feed-records'
import type { SqliteStoreStatements } from './sqlite-job-statements'
import { compactSqliteJobText, readSqliteJobProgress, writeSqliteToolCalls } from './sqlite-job-output'
import { jobFeedFieldsFromRow, type JobRow, userEventToRow } from './sqlite-rows'
import { pollJobProgress } from '../job-progress-polling'
import type { GroupCommit } from './sqlite-group-commit'

type SqliteJobWriteMethods = Pick<Store,
  'markJobStreaming' | 'appendJobContent' | 'appendToolCall' | 'upsertToolCalls' | 'updateJobMetadata' | 'finishJob'
  | 'saveCheckpoint' | 'requestJobAbort' | 'markJobResultRead' | 'getJobProgress' | 'watchJobProgress'>

/** The finish of a job: its text compacted into its row, its message gets the output, its thread is touched, the feed records it. */
export function afterSqliteJobFinished(statements: SqliteStoreStatements, row: JobRow, now: number): void {
  compactSqliteJobText(statements, row.id)
  statements.copyJobOutputToMessage.run({ jobId: row.id })
  statements.touchThreadOfJob.run({ jobId: row.id, now })
  statements.insertUserEvent.run(userEventToRow(row.user_id, jobFeedBody(jobFeedFieldsFromRow(row)), now))
}

/** Builds the fenced job writes and the stop request over an opened store's database and statements. */
export function createSqliteJobWrites(database: Database, statements: SqliteStoreStatements, group: GroupCommit): SqliteJobWriteMethods {
  /** After a guarded write that changed nothing: throws LeaseLostError unless the job is terminal. */
  const unlessIgnored = (userId: string, jobId: string, fence: LeaseFence): void => {
    const row = statements.selectJobFence.get({ userId, jobId })
    const job = row ? { status: jobStatusSchema.parse(row.status), leaseOwner: z.string().nullable().parse(row.lease_owner) } : null
    if (fencedWriteVerdict(job, fence.owner) === 'lost') throw new LeaseLostError(jobId)
  }
  /** Runs a guarded write; when it changed nothing, tells ignored from lost. */
  const fencedRun = (userId: string, jobId: string, fence: LeaseFence, changes: number): void => {
    if (changes === 0) unlessIgnored(userId, jobId, fence)
  }

  const markJobStreaming = database.transaction((userId: string, jobId: string, fence: LeaseFence) => {
    const now = Date.now()
    const row = statements.markJobStreaming.get({ userId, jobId, owner: fence.owner, now })
    if (!row) {
      unlessIgnored(userId, jobId, fence)
      return
    }
    statements.markMessageStreaming.run({ jobId })
    statements.insertUserEvent.run(userEventToRow(userId, jobFeedBody(jobFeedFieldsFromRow(row)), now))
  })

  /** One chunk row and the job row's counters: the same cost at any answer length. */
  const appendJobContent = database.transaction((userId: string, jobId: string, append: JobContentAppend, fence: LeaseFence) => {
    const changes = statements.appendJobContent.run({ userId, jobId, owner: fence.owner, now: Date.now(), chunks: append.chunks, lastSeq: append.lastSeq }).changes
    if (changes === 0) return unlessIgnored(userId, jobId, fence)
    if (append.text !== '') statements.insertTextChunk.run({ jobId, text: append.text, lastSeq: append.lastSeq })
  })

  /** `seq` null: tagged with the job's current lastSeq (appendToolCall). */
  const writeToolCalls = database.transaction((userId: string, jobId: string, calls: ToolCallState[], seq: number | null, fence: LeaseFence) => {
    const row = statements.touchJobForToolCalls.get({ userId, jobId, owner: fence.owner, now: Date.now(), seq })
    if (!row) return unlessIgnored(userId, jobId, fence)
    writeSqliteToolCalls(statements, jobId, calls, seq ?? row.last_seq)
  })

  const readProgress = database.transaction((userId: string, jobId: string, afterSeq: number) =>
    readSqliteJobProgress(statements, userId, jobId, afterSeq))

  const finishJob = database.transaction((userId: string, jobId: string, input: FinishJobInput, fence: LeaseFence) => {
    const now = Date.now()
    const row = statements.finishJob.get({
      userId, jobId, owner: fence.owner, now, status: input.status, error: input.error ?? null, lastSeq: input.lastSeq,
    })
    if (!row) {
      unlessIgnored(userId, jobId, fence)
      return
    }
    afterSqliteJobFinished(statements, row, now)
  })

  const requestJobAbort = database.transaction((userId: string, jobId: string, now: number) => {
    const row = statements.selectJob.get({ userId, jobId })
    if (!row) return 'not_found' as const
    const job = { ...jobFeedFieldsFromRow(row), leaseOwner: row.lease_owner, leaseExpiresAt: row.lease_expires_at, lastSeq: row.last_seq }
    const action = abortRequestAction(job, now)
    if (action === 'terminal') return 'terminal' as const
    if (action === 'request') {
      statements.requestJobAbort.run({ userId, jobId, now })
      return 'requested' as const
    }
    const finished = statements.finishJob.get({
      userId, jobId, owner: null, now, status: 'aborted', error: null, lastSeq: job.lastSeq + SEQ_EPOCH_GAP,
    })
    if (finished) afterSqliteJobFinished(statements, finished, now)
    return 'finished' as const
  })

  /** The guarded metadata statement; returns how many rows it changed. */
  const updateJobMetadata = (userId: string, jobId: string, patch: JobMetadataPatch, fence: LeaseFence): number =>
    statements.updateJobMetadata.run({
      userId,
      jobId,
      owner: fence.owner,
      now: Date.now(),
      usage: patch.usage ? JSON.stringify(patch.usage) : null,
      toolRounds: patch.toolRounds ? JSON.stringify(patch.toolRounds) : null,
      lastSeq: patch.lastSeq ?? null,
    }).changes

  return {
    markJobStreaming(userId, jobId, fence) {
      return group.run(() => markJobStreaming(userId, jobId, fence))
    },

    appendJobContent(userId, jobId, append, fence) {
      return group.run(() => appendJobContent(userId, jobId, append, fence))
    },

    appendToolCall(userId, jobId, toolCall, fence) {
      return group.run(() => writeToolCalls(userId, jobId, [toolCall], null, fence))
    },

    upsertToolCalls(userId, jobId, upsert, fence) {
      return group.run(() => writeToolCalls(userId, jobId, upsert.toolCalls, upsert.seq, fence))
    },

    async getJobProgress(userId, jobId, afterSeq) {
      return readProgress(userId, jobId, afterSeq)
    },

    watchJobProgress(watch) {
      return pollJobProgress(async (userId, jobId, afterSeq) => readProgress(userId, jobId, afterSeq), watch)
    },

    updateJobMetadata(userId, jobId, patch, fence) {
      return group.run(() => fencedRun(userId, jobId, fence, updateJobMetadata(userId, jobId, patch, fence)))
    },

    finishJob(userId, jobId, input, fence) {
      return group.run(() => finishJob(userId, jobId, input, fence))
    },

    saveCheckpoint(userId, jobId, checkpoint, fence) {
      const parameters = { userId, jobId, owner: fence.owner, now: Date.now(), checkpoint: JSON.stringify(checkpoint) }
      return group.run(() => fencedRun(userId, jobId, fence, statements.saveCheckpoint.run(parameters).changes))
    },
    async requestJobAbort(userId, jobId, now) {
      return requestJobAbort.immediate(userId, jobId, now)
    },

    async markJobResultRead(userId, jobId, at) {
      if (statements.markJobResultRead.run({ userId, jobId, at }).changes > 0) return true
      return statements.selectJobFence.get({ userId, jobId }) !== undefined
    },
  }
}
