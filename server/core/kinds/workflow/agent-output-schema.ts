// Checking a schema'd agent's answer: the JSON value in its text (a ```json fence allowed) validated
// against the step's JSON Schema with ajv. It returns the value or readable errors; asking the model
// to repair is workflow-agent-step.ts.
import { Ajv, type ValidateFunction } from 'ajv'

const ajv = new Ajv({ allErrors: true, strict: false })
const compiled = new Map<string, ValidateFunction>()

export type SchemaCheck = { ok: true; value: unknown } | { ok: false; errors: string }

/** Compiles (once per schema text) or throws a readable error for a schema ajv refuses. */
function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema)
  let validate = compiled.get(key)
  if (!validate) {
    try {
      validate = ajv.compile(schema)
    } catch (error) {
      throw new Error(`the step's schema is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`)
    }
    if (compiled.size > 500) compiled.clear()
    compiled.set(key, validate)
  }
  return validate
}

/** The JSON text of an answer: the body of its first ```json fence, or the whole answer trimmed. */
export function jsonTextOf(answer: string): string {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/.exec(answer)
  return (fenced ? fenced[1]! : answer).trim()
}

export function checkAgainstSchema(answer: string, schema: Record<string, unknown>): SchemaCheck {
  const validate = validatorFor(schema)
  let value: unknown
  try {
    value = JSON.parse(jsonTextOf(answer))
  } catch {
    return { ok: false, errors: 'the reply is not a JSON value' }
  }
  if (validate(value)) return { ok: true, value }
  return { ok: false, errors: ajv.errorsText(validate.errors, { separator: '; ' }) }
}
