// The one error a workflow run's sandbox ends with: a code naming what went wrong (a limit, the
// script's own failure, a bad transfer) and a message for the user. It holds no host object of the
// script's, only strings.
import { ReadableJobError } from '../../jobs/job-error-message'

export type SandboxErrorCode =
  | 'invalid' // the file is not a workflow module (syntax, exports, shape)
  | 'script' // the script threw or rejected
  | 'memory' | 'cpu' | 'wall' // a resource limit
  | 'budget' // the token budget
  | 'transfer' // a value handed to the host was too big, not JSON or not allowed
  | 'agents' // too many agent executions
  | 'aborted' // cancelled

export class WorkflowSandboxError extends ReadableJobError {
  constructor(readonly code: SandboxErrorCode, message: string) {
    super(message)
    this.name = 'WorkflowSandboxError'
  }
}
