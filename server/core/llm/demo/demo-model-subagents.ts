// The offline demo model's sub-agent behaviour, so the feature can be seen without an API key: "…in the
// background" spawns a sub-agent, "collect the background result" collects the newest one, and a
// demo sub-agent writes short notes on its task. Pure text rules over the conversation; nothing runs here.
import { z } from 'zod'
import { llmContentText, type LlmMessage } from '../types'
import type { DemoToolChoice } from './demo-model-tools'

const BACKGROUND = /\b(?:in|into) the background\b/i
const COLLECT = /\bcollect\b[^\n]{0,40}\bresult\b/i
const TASK_ID = /task `([\w-]{8,64})`/g

/** What spawn_subagent and subagent_result answer (the tools' JSON results), read back with a schema. */
const spawnAnswerSchema = z.object({ task_id: z.string() })
const resultAnswerSchema = z.object({ result: z.string() })

/** A tool result as JSON, or null when it is plain text (an error, "not ready yet"). */
function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** A sub-agent tool call the user's message asks for, among the offered tools. */
export function chooseDemoSubagentCall(messages: LlmMessage[], userText: string, offered: ReadonlySet<string>): DemoToolChoice | undefined {
  if (offered.has('spawn_subagent') && BACKGROUND.test(userText)) {
    const task = userText.replace(BACKGROUND, '').replace(/\s+/g, ' ').replace(/[\s.!?]+$/, '').trim()
    return { name: 'spawn_subagent', arguments: { prompt: task || userText, metadata: { title: task.slice(0, 60) || 'Background task' } } }
  }
  if (offered.has('subagent_result') && COLLECT.test(userText)) {
    const ids = messages.flatMap(message => message.role === 'assistant' ? [...llmContentText(message.content).matchAll(TASK_ID)].map(match => match[1]!) : [])
    const newest = ids.at(-1)
    if (newest) return { name: 'subagent_result', arguments: { task_id: newest } }
  }
  return undefined
}

/** The demo's words after a sub-agent tool answered; undefined for other tools. */
export function demoSubagentReply(toolName: string, result: string): string | undefined {
  if (toolName === 'spawn_subagent') {
    const answer = spawnAnswerSchema.safeParse(jsonOf(result))
    if (!answer.success) return `I could not start the background task: ${result.replace(/^Error:\s*/, '')}`
    return [
      `I've started a background task (task \`${answer.data.task_id}\`). It keeps working on the server even if you close this tab — watch it in the **Background** pane.`,
      'When it is done, press **Continue with result** there, or ask me to *collect the background result*.',
    ].join('\n\n')
  }
  if (toolName === 'subagent_result') {
    if (/not ready yet/.test(result)) return `The background task is ${result.replace(/^"|"$/g, '')}. Ask me again in a moment.`
    const answer = resultAnswerSchema.safeParse(jsonOf(result))
    return answer.success ? `Here is what the background task found:\n\n${answer.data.result}` : `The background task did not finish: ${result}`
  }
  return undefined
}

/** A demo sub-agent's answer to its task: short, deterministic notes. */
export function demoSubagentNotes(task: string): string {
  const topic = task.replace(/^(?:please\s+)?(?:research|look into|find out about|investigate)\s+/i, '').trim() || task
  return [
    `## Notes: ${topic}`,
    `- Worked on in the background by a demo sub-agent while you did something else.`,
    `- The task was ${task.length} characters long; a real model would research it with the tools it was given.`,
    '- This result is kept with the sub-agent and can be handed back to the chat with "continue with result".',
  ].join('\n')
}
