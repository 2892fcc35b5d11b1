// The AgentSink of a job whose answer is one agent run (chat turns, sub-agents): text, tool calls,
// usage and rounds go to the job's JobOutput, the run's state becomes the job's checkpoint, and trace
// rows go live to viewers and, batched, to the store. It does not start runs or finish jobs.
import type { AgentSink } from '../agent/sink'
import { checkpointOf } from '../agent/run-checkpoint'
import type { TraceWriter } from '../traces/trace-writer'
import type { JobOutput } from './job-output'

export function agentJobSink(output: JobOutput, traces?: TraceWriter | null): AgentSink {
  return {
    text: text => output.text(text),
    toolCall: state => output.toolCall(state),
    usage: total => output.usage(total),
    round: (rounds, total) => output.metadata({ toolRounds: rounds, ...(total ? { usage: total } : {}) }),
    checkpoint: state => output.checkpoint(checkpointOf(state)),
    ...(traces
      ? {
          trace: (trace) => {
            output.trace(trace)
            traces.push(output.job.userId, trace)
          },
        }
      : {}),
  }
}
