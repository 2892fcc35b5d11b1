// Where an agent run's output goes: text as it arrives, every tool-call state change, usage, the end of
// each model round and the checkpoints of turn boundaries. A chat job's sink writes to its live job and
// the store (jobs/agent-job-sink.ts); tests and workflow nodes use their own. The run awaits the
// promise-returning methods, so a sink decides what "durable" means. It runs nothing itself.
import type { ToolCallState, ToolRoundMetadata } from '#shared/types/tool-call'
import type { Trace } from '#shared/types/trace'
import type { Usage } from '#shared/types/usage'
import type { AgentRunState } from './loop-state'

export interface AgentSink {
  /** A piece of answer text (round separators included), in order. */
  text(text: string): void
  /** A tool call moved pending → running → completed | error. Awaited before the run goes on. */
  toolCall(state: ToolCallState): Promise<void>
  /** Usage after a model round: the run's total so far (including a resumed run's earlier usage). */
  usage(total: Usage): void
  /** A model round ended; `rounds` is every round of the run so far. Awaited. */
  round(rounds: ToolRoundMetadata[], total: Usage | null): Promise<void>
  /** A turn boundary to persist; resolves when it is durable. */
  checkpoint(state: AgentRunState): Promise<void>
  /** A trace row started or finished (when the run is traced). Not awaited: it must not block the run. */
  trace?(trace: Trace): void
}

/** A sink that keeps everything in memory (unit tests, and callers that only want the result). */
export class MemoryAgentSink implements AgentSink {
  content = ''
  readonly toolCalls = new Map<string, ToolCallState>()
  readonly toolCallHistory: ToolCallState[] = []
  rounds: ToolRoundMetadata[] = []
  usageTotal: Usage | null = null
  readonly checkpoints: AgentRunState[] = []
  /** Trace rows by id, the latest version of each. */
  readonly traces = new Map<string, Trace>()

  text(text: string): void {
    this.content += text
  }

  async toolCall(state: ToolCallState): Promise<void> {
    this.toolCalls.set(state.id, state)
    this.toolCallHistory.push(state)
  }

  usage(total: Usage): void {
    this.usageTotal = total
  }

  async round(rounds: ToolRoundMetadata[]): Promise<void> {
    this.rounds = rounds
  }

  async checkpoint(state: AgentRunState): Promise<void> {
    this.checkpoints.push(state)
  }

  trace(trace: Trace): void {
    this.traces.set(trace.id, trace)
  }
}
