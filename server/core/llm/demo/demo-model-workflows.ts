// What the offline demo model answers a workflow step: for a schema'd step, a JSON value built from
// the schema (objects with their properties, two or three array items, strings about the step's
// topic), so every built-in workflow runs without an API key; otherwise short notes on the step.
import { z } from 'zod'
import { SCHEMA_INSTRUCTION } from '../system-prompt'

type Schema = { type?: string | undefined; properties?: Record<string, Schema> | undefined; items?: Schema | undefined; enum?: unknown[] | undefined; minItems?: number | undefined; maxItems?: number | undefined }

/** The part of a step's JSON Schema the demo reads, validated (other keywords are dropped). */
const schemaSchema: z.ZodType<Schema> = z.lazy(() => z.object({
  type: z.string().optional(),
  properties: z.record(z.string(), schemaSchema).optional(),
  items: schemaSchema.optional(),
  enum: z.array(z.unknown()).optional(),
  minItems: z.number().optional(),
  maxItems: z.number().optional(),
}))

/** The step's topic: its first line, after the "Do this:" part, shortened. */
function topicOf(prompt: string): string {
  const line = prompt.split('\n')[0] ?? ''
  const topic = line.includes(':') ? line.slice(line.indexOf(':') + 1) : line
  const clean = topic.replace(/\[\[[^\]]*\]\]/g, '').trim()
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean || 'the task'
}

function exampleOf(schema: Schema, topic: string, name: string, index: number): unknown {
  if (schema.enum?.length) return schema.enum[0]
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, exampleOf(property, topic, key, index)]))
    case 'array': {
      const count = Math.min(Math.max(3, schema.minItems ?? 0), Math.max(schema.maxItems ?? 3, 1))
      return Array.from({ length: count }, (_, at) => exampleOf(schema.items ?? { type: 'string' }, topic, name, at + 1))
    }
    case 'number':
    case 'integer':
      return index
    case 'boolean':
      return true
    default:
      return stringFor(name, topic, index)
  }
}

function stringFor(name: string, topic: string, index: number): string {
  const angles = ['how it works', 'where it falls short', 'what to do about it', 'what it costs', 'what comes next']
  const angle = angles[(index - 1) % angles.length]!
  if (/question/i.test(name)) return `${topic}: ${angle}?`
  if (/title|name/i.test(name)) return `Step ${index}: ${topic}, ${angle}`
  return `About ${topic}: ${angle} (demo)`
}

/** The reply to a workflow step's user message. */
export function demoWorkflowReply(userText: string): string {
  const at = userText.indexOf(SCHEMA_INSTRUCTION)
  if (at !== -1) {
    let schema: Schema = {}
    try {
      schema = schemaSchema.parse(JSON.parse(userText.slice(at + SCHEMA_INSTRUCTION.length).trim()))
    } catch {
      schema = { type: 'string' }
    }
    return JSON.stringify(exampleOf(schema, topicOf(userText), 'value', 1))
  }
  const topic = topicOf(userText)
  const input = userText.includes('\nInput:\n') ? userText.slice(userText.indexOf('\nInput:\n') + 8).split('\n').filter(Boolean).length : 0
  return [
    `**${topic}**`,
    `- A demo workflow agent did this step on the server; a real model would work on it with its tools.`,
    input > 0 ? `- It was handed ${input} lines of input from the steps before it.` : '- It was the first step of its branch.',
  ].join('\n')
}
