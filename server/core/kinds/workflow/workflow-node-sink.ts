// The agent sink of one workflow node: the agent run's text, tool calls and usage become the node's
// output preview, tool indicators and token count, emitted as `node` events (text at most every
// NODE_TEXT_EMIT_MS). Agent checkpoints are not kept: an interrupted step runs again on resume.
import type { WorkflowNode } from '#shared/types/workflow'
import type { AgentSink } from '../../agent/sink'
import { AgentBudgetError } from '../../workflows/sandbox/workflow-sandbox'

const NODE_TEXT_EMIT_MS = 250

export interface WorkflowNodeSink extends AgentSink {
  /** Tokens used by every run through this sink (a repair round adds to the first). */
  readonly tokens: number
  /** A further run (the repair round) starts: its usage counts on top. */
  nextRun(): void
}

export function workflowNodeSink(node: WorkflowNode, emit: (node: WorkflowNode) => void, maxTokens: number | null): WorkflowNodeSink {
  let base = 0
  let current = 0
  let lastEmit = 0
  const show = () => {
    lastEmit = Date.now()
    node.tokens = base + current
    emit({ ...node, toolCalls: [...node.toolCalls] })
  }
  return {
    get tokens() {
      return base + current
    },
    text(text) {
      node.output += text
      if (Date.now() - lastEmit >= NODE_TEXT_EMIT_MS) show()
    },
    async toolCall(state) {
      const index = node.toolCalls.findIndex(call => call.id === state.id)
      if (index === -1) node.toolCalls.push(state)
      else node.toolCalls[index] = state
      show()
    },
    usage(total) {
      current = total.promptTokens + total.completionTokens
    },
    async round() {
      show()
      if (maxTokens !== null && base + current > maxTokens) {
        throw new AgentBudgetError(`agent "${node.agent}" used ${base + current} tokens, more than the ${maxTokens} its budget had left`)
      }
    },
    async checkpoint() {},
    nextRun() {
      base += current
      current = 0
    },
  }
}
