// Route input validation: body, params and query through zod schemas. A failure is a 400 whose message
// says what is wrong and whose data lists the issues. Nothing is read twice and nothing is coerced silently.
import { getQuery, getRouterParams, readBody, type H3Event } from 'h3'
import { z } from 'zod'
import { badInput } from './app-error'

function validate<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw badInput(`Invalid ${where}: ${z.prettifyError(parsed.error).replace(/\n+/g, '; ')}`, { issues: parsed.error.issues })
  }
  return parsed.data
}

/** The JSON body, validated. Malformed JSON and a missing body are 400s. */
export async function readBodyWith<T extends z.ZodType>(event: H3Event, schema: T): Promise<z.output<T>> {
  let body: unknown
  try {
    body = await readBody(event)
  } catch {
    throw badInput('Invalid request body: it is not valid JSON.')
  }
  return validate(schema, body ?? {}, 'request body')
}

/** The route params, validated. */
export function paramsWith<T extends z.ZodType>(event: H3Event, schema: T): z.output<T> {
  return validate(schema, getRouterParams(event, { decode: true }), 'route parameter')
}

/** The query string, validated. */
export function queryWith<T extends z.ZodType>(event: H3Event, schema: T): z.output<T> {
  return validate(schema, getQuery(event), 'query')
}
