// The registry of job kinds: per kind, the function that does the work, the zod schema of its
// checkpoint state (a stored checkpoint is validated with it before a resume — never cast), the
// concurrency class it runs in and what finishing writes beyond the store's terminal transition.
// The runner dispatches on `job.kind` through job-execution.ts; kinds register themselves at start-up.
import type { z } from 'zod'
import type { Job, JobKind } from '#shared/types/job'
import type { LiveJob } from './events/live-job'
import type { JobOutput } from './job-output'

export interface JobKindRunContext<State> {
  job: Job
  live: LiveJob
  signal: AbortSignal
  output: JobOutput
  /** The validated checkpoint state when the job resumes; null for a fresh start. */
  resume: State | null
}

export interface JobKindDefinition<State = unknown> {
  kind: JobKind
  /** Validates `checkpoint.state` read back from the store. */
  checkpointState: z.ZodType<State>
  /** Does the work. Resolving means `complete`; throwing means `error` (or a stop, per the signal). */
  run(context: JobKindRunContext<State>): Promise<void>
  /** After the job reached a terminal status (e.g. a sub-agent posting a notice); failures are logged. */
  finished?(job: Job, status: 'complete' | 'error' | 'aborted'): Promise<void>
}

export class JobKindRegistry {
  private readonly kinds = new Map<JobKind, JobKindDefinition<never>>()

  register<State>(definition: JobKindDefinition<State>): void {
    if (this.kinds.has(definition.kind)) throw new Error(`job kind '${definition.kind}' is already registered`)
    this.kinds.set(definition.kind, definition as unknown as JobKindDefinition<never>)
  }

  get(kind: JobKind): JobKindDefinition<unknown> | undefined {
    return this.kinds.get(kind) as JobKindDefinition<unknown> | undefined
  }

  get registered(): JobKind[] {
    return [...this.kinds.keys()]
  }
}
