// The AgentSink of a job whose answer is one agent run (chat turns, sub-agents): text, tool calls,
// usage and rounds go to the job's JobOutput, and the run's state becomes the job's checkpoint.
// It does not start runs or finish jobs.
import type { AgentSink } from '../agent/sink'
import { checkpointOf } from '../agent/loop-state'
import type { JobOutput } from './job-output'

export function agentJobSink(output: JobOutput): AgentSink {
  return {
    text: text => output.text(text),
    toolCall: state => output.toolCall(state),
    usage: total => output.usage(total),
    round: (rounds, total) => output.metadata({ toolRounds: rounds, ...(total ? { usage: total } : {}) }),
    checkpoint: state => output.checkpoint(checkpointOf(state)),
  }
}
