// What a follower has shown of a job another instance runs, and the events that bring its viewers up
// to date — from a progress read (new text, changed tool calls, usage, status) or from a whole job
// (after a resync: appended when it extends what was shown, else a snapshot replaces it). Both paths
// share the same diff and emit code. It reads nothing from the store itself.
import type { Job } from '#shared/types/job'
import { isTerminalStatus, type JobStatus } from '#shared/types/job'
import type { JobProgress } from '#shared/types/job-progress'
import type { ToolCallState } from '#shared/types/tool-call'
import type { Usage } from '#shared/types/usage'
import { snapshotOf, type LiveJob } from '../events/live-job'

export class FollowedJobState {
  private content: string
  private readonly toolCalls = new Map<string, string>()
  private usage: string
  private status: JobStatus
  /** The stored lastSeq of the newest read (the follower numbers its events above it). */
  lastSeq: number

  constructor(job: Job) {
    this.content = job.content
    for (const call of job.toolCalls) this.toolCalls.set(call.id, JSON.stringify(call))
    this.usage = JSON.stringify(job.usage)
    this.status = job.status
    this.lastSeq = job.lastSeq
  }

  /** Emits what a progress read says changed. */
  applyProgress(live: LiveJob, progress: JobProgress): void {
    const text = progress.chunks.map(chunk => chunk.text).join('')
    if (text !== '') {
      this.content += text
      live.pushDelta(text)
    }
    this.applyScalars(live, progress.toolCalls, progress)
  }

  /** Emits what changed between what was shown and the whole job `fresh`. */
  applyJob(live: LiveJob, fresh: Job): void {
    if (!fresh.content.startsWith(this.content)) {
      // The owner rewound a partial round (a resume): replace rather than append.
      live.replaceState(snapshotOf(fresh))
      Object.assign(this, { content: fresh.content, usage: JSON.stringify(fresh.usage), status: fresh.status, lastSeq: fresh.lastSeq })
      this.toolCalls.clear()
      for (const call of fresh.toolCalls) this.toolCalls.set(call.id, JSON.stringify(call))
      return
    }
    if (fresh.content.length > this.content.length) {
      live.pushDelta(fresh.content.slice(this.content.length))
      this.content = fresh.content
    }
    this.applyScalars(live, fresh.toolCalls, fresh)
  }

  private applyScalars(
    live: LiveJob, toolCalls: ToolCallState[], fresh: { status: JobStatus, error: string | null, usage: Usage | null, lastSeq: number },
  ): void {
    this.lastSeq = fresh.lastSeq
    for (const call of toolCalls) {
      const json = JSON.stringify(call)
      if (this.toolCalls.get(call.id) === json) continue
      this.toolCalls.set(call.id, json)
      live.emit({ type: 'tool_call', toolCall: call })
    }
    const usage = JSON.stringify(fresh.usage)
    if (fresh.usage && usage !== this.usage) live.emit({ type: 'usage', usage: fresh.usage })
    this.usage = usage
    if (fresh.status !== this.status && (fresh.status === 'streaming' || isTerminalStatus(fresh.status))) {
      live.emit({ type: 'status', status: fresh.status, ...(fresh.error ? { error: fresh.error } : {}) })
    }
    this.status = fresh.status
  }
}
