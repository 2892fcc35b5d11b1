// What the offline demo model says: a tool call when the user asks for the time or a calculation and
// the tool is offered, a summary of tool results after a tool round, else a friendly markdown reply
// that quotes the user and acknowledges any images it was sent; workflow steps get demo-model-workflows.ts's
// answers. Deterministic (same messages, same reply); streaming is demo-model.ts's job.
import { chooseDemoToolCall } from './demo-model-tools'
import { chooseDemoSubagentCall, demoSubagentNotes, demoSubagentReply } from './demo-model-subagents'
import { SUBAGENT_SYSTEM_PROMPT, WORKFLOW_AGENT_SYSTEM_PROMPT } from '../system-prompt'
import { demoWorkflowReply } from './demo-model-workflows'
import { describeToolResult, shorten } from './demo-tool-words'
import { llmContentText, type LlmMessage, type LlmToolCall, type LlmToolDefinition } from '../types'
import { describeDemoImages } from './demo-model-images'

/** Either text to stream or tool calls to make. */
export type DemoReply =
  | { kind: 'text'; text: string }
  | { kind: 'tool_calls'; calls: LlmToolCall[] }

/** Plans the demo model's answer to a conversation. */
export function planDemoReply(messages: LlmMessage[], tools: LlmToolDefinition[]): DemoReply {
  const last = messages.at(-1)
  if (last?.role === 'tool') return { kind: 'text', text: subagentToolReply(messages) ?? toolResultsReply(messages) }
  const lastUser = [...messages].reverse().find(message => message.role === 'user')
  const userText = llmContentText(lastUser?.content ?? null)
  if (messages[0]?.content === SUBAGENT_SYSTEM_PROMPT && last?.role === 'user') return { kind: 'text', text: demoSubagentNotes(userText) }
  if (messages[0]?.content === WORKFLOW_AGENT_SYSTEM_PROMPT && last?.role === 'user') return { kind: 'text', text: demoWorkflowReply(userText) }
  const offered = new Set(tools.map(tool => tool.function.name))
  const choice = last?.role === 'user' && offered.size > 0
    ? chooseDemoSubagentCall(messages, userText, offered) ?? chooseDemoToolCall(userText, offered)
    : undefined
  if (choice) {
    const id = `call_demo_${stableHash(JSON.stringify(messages))}`
    return { kind: 'tool_calls', calls: [{ id, type: 'function', function: { name: choice.name, arguments: JSON.stringify(choice.arguments) } }] }
  }
  return { kind: 'text', text: greetingReply(userText, offered, last?.role === 'user' ? describeDemoImages(last) : '') }
}

function greetingReply(userText: string, offered: ReadonlySet<string>, images: string): string {
  const words = userText.split(/\s+/).filter(Boolean).length
  return [
    'Hello! I\'m **Errand\'s offline demo model**. No API key is configured, so I answer right here on the server instead of calling a real model.',
    'You wrote:',
    quote(userText),
    ...(images ? [images] : []),
    'Here is what this demo shows:',
    [
      '- answers stream token by token from a background job, so you can leave and come back',
      '- markdown renders: **bold**, *italic*, `inline code`, lists and code blocks',
      `- ${toolHint(offered)}`,
    ].join('\n'),
    ['```js', '// your message, measured', `const words = ${words}`, `const characters = ${userText.length}`, '```'].join('\n'),
    'To chat with a real model, set `NUXT_LLM_API_KEY` and restart Errand.',
  ].join('\n\n')
}

function toolHint(offered: ReadonlySet<string>): string {
  const examples = [
    offered.has('get_current_time') ? '"What time is it in Tokyo?"' : '',
    offered.has('calculate') ? '"Calculate 17% of 2,340"' : '',
  ].filter(Boolean)
  if (examples.length > 0) return `tools run on the server: try ${examples.join(' or ')}`
  return offered.size > 0 ? `tools on offer: ${[...offered].join(', ')}` : 'no tools are on offer for this message'
}

/** The reply after a sub-agent tool, when the last round called one. */
function subagentToolReply(messages: LlmMessage[]): string | undefined {
  const callerIndex = messages.findLastIndex(message => message.role === 'assistant' && message.tool_calls?.length)
  const call = messages[callerIndex]?.tool_calls?.[0]
  const result = messages.slice(callerIndex + 1).find(message => message.role === 'tool')
  return call && result ? demoSubagentReply(call.function.name, llmContentText(result.content)) : undefined
}

function toolResultsReply(messages: LlmMessage[]): string {
  const callerIndex = messages.findLastIndex(message => message.role === 'assistant' && message.tool_calls?.length)
  const namesById = new Map((messages[callerIndex]?.tool_calls ?? []).map(call => [call.id, call.function.name]))
  const results = messages.slice(callerIndex + 1).filter(message => message.role === 'tool')
  const lines = results.map(result => `- ${describeToolResult(namesById.get(result.tool_call_id ?? '') ?? 'a tool', llmContentText(result.content))}`)
  return [
    'Here is what my tools found:',
    lines.join('\n'),
    'I\'m Errand\'s offline demo model: a real model would answer in its own words.',
  ].join('\n\n')
}

function quote(text: string): string {
  const shown = text.trim() ? shorten(text, 400, false) : '(an empty message)'
  return shown.split('\n').map(line => `> ${line}`).join('\n')
}

/** FNV-1a, 32 bits, as 8 hex digits: a stable id from the conversation. */
function stableHash(text: string): string {
  let hash = 0x811C9DC5
  for (let position = 0; position < text.length; position++) {
    hash ^= text.charCodeAt(position)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}
