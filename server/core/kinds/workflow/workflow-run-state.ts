// The state of one running workflow job: its nodes, logs and the finished steps' results by cache key.
// Every change is emitted as a `node` or `log` event on the live job and saved (coalesced) in the
// job's checkpoint, so viewers and a resume see the same thing. It runs no agent and no script.
import {
  NODE_OUTPUT_PREVIEW_CHARACTERS, upsertWorkflowNode, type WorkflowCheckpointState, type WorkflowLog, type WorkflowNode, type WorkflowState,
} from '#shared/types/workflow'
import type { LiveJob } from '../../jobs/events/live-job'
import type { JobOutput } from '../../jobs/job-output'

export class WorkflowRunState {
  private state: WorkflowState
  private readonly results: Record<string, unknown>
  private readonly runs = new Map<string, number>()

  constructor(private readonly live: LiveJob, private readonly output: JobOutput, name: string, resume: WorkflowCheckpointState | null) {
    // A resumed run keeps what finished; steps that were running start again.
    const finished = (resume?.workflow.nodes ?? []).filter(node => node.status === 'completed' || node.status === 'cached')
    this.state = { name, phases: resume?.workflow.phases ?? [], nodes: finished, logs: resume?.workflow.logs ?? [] }
    this.results = { ...resume?.results }
  }

  get snapshot(): WorkflowState {
    return this.state
  }

  /** A node id unique in the run: the agent id, then `id#2`, `id#3`... (the same sequence on a re-run). */
  nextNodeId(agent: string): string {
    const count = (this.runs.get(agent) ?? 0) + 1
    this.runs.set(agent, count)
    return count === 1 ? agent : `${agent}#${count}`
  }

  existing(id: string): WorkflowNode | undefined {
    return this.state.nodes.find(node => node.id === id)
  }

  /** The result a finished step of this run stored (a resume answers it from here). */
  result(key: string): { value: unknown } | undefined {
    return key in this.results ? { value: this.results[key] } : undefined
  }

  /** Emits the node's new state; `durable` also saves the checkpoint (awaited). */
  async node(node: WorkflowNode, durable = false): Promise<void> {
    const shown = { ...node, output: node.output.slice(0, NODE_OUTPUT_PREVIEW_CHARACTERS) }
    this.state = upsertWorkflowNode(this.state, shown)
    this.live.emit({ type: 'node', node: shown })
    if (durable) await this.save()
  }

  async finished(node: WorkflowNode, key: string, value: unknown): Promise<void> {
    this.results[key] = value
    await this.node(node, true)
  }

  log(entry: Omit<WorkflowLog, 'at'>): void {
    const log = { ...entry, at: Date.now() }
    this.state = { ...this.state, logs: [...this.state.logs, log] }
    this.live.emit({ type: 'log', ...log })
    void this.save().catch(() => undefined)
  }

  phase(name: string): void {
    if (!this.state.phases.includes(name)) this.state = { ...this.state, phases: [...this.state.phases, name] }
  }

  save(): Promise<void> {
    const state: WorkflowCheckpointState = { workflow: this.state, results: this.results }
    return this.output.checkpoint({ contentLength: 0, completedToolCallIds: [], state, savedAt: Date.now() })
  }
}
